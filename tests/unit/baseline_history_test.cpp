#include "baseline/baseline_history.h"

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "git_test_support.h"

namespace perfwarden::baseline {
namespace {

BaselineFile refreshed_baseline(const std::string& suite, const std::string& isa_level,
                                double value) {
  BaselineFile file;
  file.suite = suite;
  file.provenance.owner = "Ada <ada@example.com>";
  file.provenance.rounds = 3;
  file.provenance.environment.isa_level = isa_level;
  file.provenance.environment.compiler_class = "gcc-12";
  file.machine_class = file.provenance.environment.machine_class();
  file.benchmarks["BM_Work"]["real_time"] = {value, value + 1, value + 2};
  return file;
}

std::map<std::string, std::string> stored(const BaselineFile& file) {
  return {{baseline_path(file.suite, file.machine_class), serialize_baseline(file)}};
}

TEST(BaselineHistory, ParsesEveryRefreshAndWarnsAboutTheRest) {
  git::testing::TempDir tmp;
  git::RepoWriter writer = git::RepoWriter::init(tmp.path() / "repo");
  const std::string first =
      writer.commit(stored(refreshed_baseline("core", "x86-64-v3", 100)), "first refresh");
  writer.commit({{"baselines/core.x86-64-v3.gcc-12.json", "{\"schema\": 1, \"trunc"}},
                "a broken refresh");
  // The file name says v3, its contents v4: it joins no series.
  BaselineFile misfiled = refreshed_baseline("core", "x86-64-v4", 50);
  writer.commit({{"baselines/core.x86-64-v3.gcc-12.json", serialize_baseline(misfiled)}},
                "misfiled");
  BaselineFile mixed = refreshed_baseline("core", "x86-64-v3", 90);
  mixed.provenance.environment.isa_level = "x86-64-v2";  // measured elsewhere
  writer.commit(stored(mixed), "mixed fingerprints");
  writer.commit({{"baselines/notes.txt", "not a baseline"}}, "notes");
  const std::string last =
      writer.commit(stored(refreshed_baseline("core", "x86-64-v3", 110)), "second refresh");

  const BaselineHistory history = read_baseline_history(writer.repository(), last);
  EXPECT_EQ(history.commits_walked, 6u);
  EXPECT_EQ(history.refresh_commits, 5u);  // notes.txt is no refresh
  ASSERT_EQ(history.versions.size(), 2u);
  EXPECT_EQ(history.versions[0].commit.id, first);
  EXPECT_EQ(history.versions[0].path, "baselines/core.x86-64-v3.gcc-12.json");
  EXPECT_EQ(history.versions[0].file.benchmarks.at("BM_Work").at("real_time")[0], 100.0);
  EXPECT_EQ(history.versions[1].commit.subject, "second refresh");
  ASSERT_EQ(history.warnings.size(), 3u);
  EXPECT_NE(history.warnings[0].find("baselines/core.x86-64-v3.gcc-12.json at commit "),
            std::string::npos)
      << history.warnings[0];
  EXPECT_NE(history.warnings[0].find("(a broken refresh)"), std::string::npos);
  EXPECT_NE(history.warnings[0].find("not valid JSON"), std::string::npos) << history.warnings[0];
  EXPECT_NE(history.warnings[0].find("left out of the history"), std::string::npos);
  EXPECT_NE(history.warnings[1].find("belongs in baselines/core.x86-64-v4.gcc-12.json"),
            std::string::npos)
      << history.warnings[1];
  EXPECT_NE(history.warnings[2].find("provenance.environment is machine class "
                                     "'x86-64-v2.gcc-12'"),
            std::string::npos)
      << history.warnings[2];
}

}  // namespace
}  // namespace perfwarden::baseline
