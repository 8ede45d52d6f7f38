// End-to-end: the Debian package. cpack builds the .deb from this build tree; the test checks its
// control fields (dependencies from dpkg-shlibdeps), extracts it, and runs the installed binary:
// --version, then a compare of a two-commit repository it makes, caught as a regression.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"
#include "util/find_program.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;

util::ProcessResult run(const std::vector<std::string>& argv) {
  util::PosixProcessRunner runner;
  return runner.run({.argv = argv, .timeout = std::chrono::minutes(5)});
}

TEST(PackageE2E, TheDebInstallsABinaryThatGatesARepository) {
  if (!util::find_program("dpkg-deb") || !util::find_program("dpkg-shlibdeps"))
    GTEST_SKIP() << "dpkg-dev is not installed";
  util::TempDir dir("perfwarden-e2e-package");
  auto packaged =
      run({"cpack", "--config", std::string(PERFWARDEN_BUILD_DIR) + "/CPackConfig.cmake", "-B",
           (dir.path() / "out").string()});
  ASSERT_TRUE(packaged.succeeded()) << packaged.stdout_text << packaged.stderr_text;
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(dir.path() / "out"))
    if (entry.path().extension() == ".deb") deb = entry.path();
  ASSERT_FALSE(deb.empty()) << packaged.stdout_text;

  auto info =
      run({"dpkg-deb", "--field", deb.string(), "Package", "Version", "Depends", "Recommends"});
  ASSERT_TRUE(info.succeeded()) << info.stderr_text;
  EXPECT_NE(info.stdout_text.find("Package: perfwarden"), std::string::npos) << info.stdout_text;
  for (const char* dependency : {"libgit2", "libre2", "libc6", "cmake"})
    EXPECT_NE(info.stdout_text.find(dependency), std::string::npos) << info.stdout_text;
  std::printf("[figures] %s: %ju bytes\n%s", deb.filename().c_str(),
              static_cast<std::uintmax_t>(fs::file_size(deb)), info.stdout_text.c_str());

  auto extracted = run({"dpkg-deb", "-x", deb.string(), (dir.path() / "root").string()});
  ASSERT_TRUE(extracted.succeeded()) << extracted.stderr_text;
  const std::string binary = (dir.path() / "root" / "usr" / "bin" / "perfwarden").string();
  auto version = run({binary, "--version"});
  ASSERT_TRUE(version.succeeded()) << version.stderr_text;
  EXPECT_NE(version.stdout_text.find("perfwarden "), std::string::npos);
  const fs::path completion =
      dir.path() / "root" / "usr" / "share" / "bash-completion" / "completions" / "perfwarden";
  ASSERT_TRUE(fs::exists(completion));
  EXPECT_NE(
      util::read_text_file(completion).find("complete -o filenames -F _perfwarden perfwarden"),
      std::string::npos);

  auto writer = git::RepoWriter::init(dir.path() / "repo");
  testing::SampleProject base;
  writer.commit(base.files(), "base");
  testing::SampleProject head = base;
  head.work = base.work * 2;
  writer.commit(head.files(), "double the work");
  auto json = dir.path() / "report.json";
  auto compare = testing::run_perfwarden(
      binary, testing::compare_args(dir.path() / "repo", "main~1", "main", json,
                                    dir.path() / "cache", {"--rounds", "8", "--min-time", "0.01"}));
  ASSERT_EQ(compare.exit_code, 1) << compare.out << compare.err;
  EXPECT_EQ(testing::find_benchmark(testing::read_json(json), "BM_Work")["verdict"], "regression");
}

}  // namespace
}  // namespace perfwarden
