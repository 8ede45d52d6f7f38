// End-to-end: a project whose hot path lives in a git submodule (a vendored library, the way many
// C++ projects keep theirs). The gate builds each revision with the submodule commit that
// revision records, from the clone's own .git/modules, so a submodule bump that slows the
// library down is caught; a submodule the clone does not hold fails the build with its name and
// the fix, not with CMake's complaint alone.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;
using testing::CliRun;

// The vendored library: work() runs `steps` dependent steps.
std::map<std::string, std::string> library(int steps) {
  return {{"CMakeLists.txt",
           "add_library(work STATIC work.cpp)\n"
           "target_include_directories(work PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})\n"},
          {"work.h", "#pragma once\nunsigned long work(unsigned long seed);\n"},
          {"work.cpp", R"(#include "work.h"
unsigned long work(unsigned long x) {
  for (int i = 0; i < )" + std::to_string(steps) +
                           R"(; ++i) x = x * 6364136223846793005UL + 1442695040888963407UL;
  return x;
}
)"}};
}

std::map<std::string, std::string> superproject() {
  return {{"CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.16)
project(super CXX)
find_package(benchmark REQUIRED)
add_subdirectory(third_party/work)
add_executable(bench_super bench.cpp)
target_link_libraries(bench_super PRIVATE work benchmark::benchmark)
)"},
          {"bench.cpp", R"(#include <benchmark/benchmark.h>
#include "work.h"
static void BM_Work(benchmark::State& state) {
  unsigned long x = 1;
  for (auto _ : state) benchmark::DoNotOptimize(x = work(x));
}
BENCHMARK(BM_Work);
BENCHMARK_MAIN();
)"},
          {".gitmodules",
           "[submodule \"third_party/work\"]\n\tpath = third_party/work\n\turl = ../work.git\n"},
          {"perfwarden.json", R"({
  "suites": [ { "name": "super", "binary": "bench_super" } ],
  "measure": { "min_time": 0.01, "timeout_seconds": 60, "deterministic": "off" }
})"}};
}

class SubmoduleE2E : public ::testing::Test {
 protected:
  SubmoduleE2E()
      : dir_("perfwarden-e2e"),
        library_(git::RepoWriter::init(dir_.path() / "work")),
        super_(git::RepoWriter::init(dir_.path() / "repo")) {}

  // Where `git submodule update --init` keeps the library's objects in the superproject's clone.
  void absorb_library() {
    const fs::path modules = super_.repository().git_dir() / "modules" / "third_party";
    fs::create_directories(modules);
    fs::rename(dir_.path() / "work" / ".git", modules / "work");
  }

  std::string commit_super(const std::string& library_commit, const std::string& message,
                           const std::map<std::string, std::string>& files = {}) {
    return super_.commit(files, message, git::kDemoIdentity, {},
                         {.submodules = {{"third_party/work", library_commit}}});
  }

  CliRun compare() {
    return testing::run_perfwarden(PERFWARDEN_BINARY,
                                   testing::compare_args(dir_.path() / "repo", "main~1", "main",
                                                         json_path(), dir_.path() / "cache"));
  }
  CliRun materialise(const std::string& revision, const fs::path& into) {
    return testing::run_perfwarden(
        PERFWARDEN_BINARY, {"materialise", "--repo", (dir_.path() / "repo").string(), "--rev",
                            revision, "--into", into.string()});
  }
  fs::path json_path() const { return dir_.path() / "report.json"; }

  util::TempDir dir_;
  git::RepoWriter library_;
  git::RepoWriter super_;
};

TEST_F(SubmoduleE2E, ASubmoduleBumpThatDoublesTheWorkIsCaught) {
  const std::string v1 = library_.commit(library(20000), "work: 20000 steps");
  const std::string v2 = library_.commit(library(40000), "work: 40000 steps");
  absorb_library();
  commit_super(v1, "base", superproject());
  commit_super(v2, "bump third_party/work");

  CliRun run = compare();
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  auto work = testing::find_benchmark(report, "BM_Work");
  ASSERT_FALSE(work.is_null()) << report.dump(2);
  EXPECT_EQ(work["verdict"], "regression");
  EXPECT_GT(work["ratio"].get<double>(), 1.5);
  EXPECT_EQ(run.err.find("not in this clone"), std::string::npos) << run.err;

  // `perfwarden materialise` writes the tree the gate builds, submodule included.
  CliRun written = materialise("main~1", dir_.path() / "tree");
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  EXPECT_NE(written.out.find("with 1 submodule(s) from this clone"), std::string::npos)
      << written.out;
  EXPECT_NE(util::read_text_file(dir_.path() / "tree/third_party/work/work.cpp").find("20000"),
            std::string::npos);
}

TEST_F(SubmoduleE2E, ASubmoduleCommitTheCloneDoesNotHoldFailsTheBuildNamingItAndTheFix) {
  const std::string v1 = library_.commit(library(20000), "work: 20000 steps");
  absorb_library();
  commit_super(v1, "base", superproject());
  // The head records a library commit that was never fetched into this clone.
  const std::string unfetched(40, 'e');
  commit_super(unfetched, "bump third_party/work to a commit we do not have");

  CliRun run = compare();
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("warning: submodule third_party/work (commit eeeeeeeeeeee) is not in "
                         "this clone"),
            std::string::npos)
      << run.err;
  auto report = testing::read_json(json_path());
  ASSERT_EQ(report["failures"].size(), 1u) << report.dump(2);
  const std::string detail = report["failures"][0]["detail"];
  EXPECT_NE(detail.find("submodule third_party/work"), std::string::npos) << detail;
  EXPECT_NE(detail.find("git submodule update --init --recursive"), std::string::npos) << detail;

  CliRun written = materialise("main", dir_.path() / "tree");
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  EXPECT_NE(written.err.find("submodule third_party/work (commit eeeeeeeeeeee) is not in this "
                             "clone: left empty"),
            std::string::npos)
      << written.err;
  EXPECT_TRUE(fs::is_empty(dir_.path() / "tree/third_party/work"));
}

// A hot path inside a submodule: a bump is a change to the files it changed there, so the
// named-owner policy sees an AI-written bump of the hot library like an edit in place.
TEST_F(SubmoduleE2E, AnAiWrittenSubmoduleBumpOfAHotPathNeedsItsOwner) {
  const std::string v1 = library_.commit(library(20000), "work: 20000 steps");
  const std::string v2 = library_.commit(library(40000), "work: 40000 steps");
  absorb_library();
  auto files = superproject();
  files["perfwarden.json"] = R"({
  "suites": [ { "name": "super", "binary": "bench_super" } ],
  "owners": [ { "name": "Grace Hopper", "email": "grace@example.com" } ],
  "hot_paths": [ { "paths": ["third_party/work/*.cpp"], "benchmarks": "BM_Work",
                   "owners": ["grace@example.com"] } ]
})";
  commit_super(v1, "base", files);
  commit_super(v2, "bump third_party/work\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");

  const std::vector<std::string> args = {"owners", "--repo", (dir_.path() / "repo").string(),
                                         "--base", "main~1", "--head",
                                         "main",   "--json", json_path().string()};
  CliRun run = testing::run_perfwarden(PERFWARDEN_BINARY, args, std::chrono::seconds(60));
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto findings = testing::read_json(json_path())["findings"];
  ASSERT_EQ(findings.size(), 1u) << findings.dump(2);
  EXPECT_EQ(findings[0]["rule"], "owner-required");
  EXPECT_EQ(findings[0]["paths"], nlohmann::json::array({"third_party/work/work.cpp"}));

  std::vector<std::string> owned = args;
  owned.insert(owned.end(), {"--owner", "Grace Hopper <grace@example.com>"});
  CliRun with_owner = testing::run_perfwarden(PERFWARDEN_BINARY, owned, std::chrono::seconds(60));
  EXPECT_EQ(with_owner.exit_code, 0) << with_owner.out << with_owner.err;
}

}  // namespace
}  // namespace perfwarden
