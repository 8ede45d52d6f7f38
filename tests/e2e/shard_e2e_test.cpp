// End-to-end: `compare --shard K/N` on two "machines" (here: two runs), `perfwarden merge` of
// their reports, and the CI entry point .ci/perf-gate in shard and merge modes, against a real
// repository whose head doubles the work of one of its two benchmarks.

#include <gtest/gtest.h>

#include "gate/shard.h"
#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {

using testing::CliRun;
using testing::SampleProject;

// The repository's own CI script, found from this source file (tests/e2e/ → the root).
const std::filesystem::path kPerfGateScript =
    std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / ".ci" / "perf-gate";

class ShardE2E : public ::testing::Test {
 protected:
  ShardE2E() : dir_("perfwarden-shard-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {
    SampleProject base;
    writer_.commit(base.files(), "base");
    SampleProject head = base;
    head.work = base.work * 2;
    writer_.commit(head.files(), "double the work");
  }

  CliRun perfwarden(std::vector<std::string> args) {
    return testing::run_perfwarden(PERFWARDEN_BINARY, args);
  }
  CliRun shard(const std::string& k, const std::filesystem::path& json) {
    return perfwarden({"compare", "--repo", repo().string(), "--base", "main~1", "--head", "main",
                       "--shard", k + "/2", "--json", json.string(), "--cache-dir",
                       cache().string()});
  }

  std::filesystem::path repo() const { return dir_.path() / "repo"; }
  std::filesystem::path cache() const { return dir_.path() / "cache"; }

  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(ShardE2E, TwoShardsMergeIntoOneVerdict) {
  // The split is by name: BM_Work and BM_Steady fall into different shards of two.
  ASSERT_EQ(gate::shard_of("core", "BM_Work", 2), 1);
  ASSERT_EQ(gate::shard_of("core", "BM_Steady", 2), 2);

  auto one = dir_.path() / "shard-1.json";
  auto two = dir_.path() / "shard-2.json";
  CliRun first = shard("1", one);
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;  // its own part regressed
  EXPECT_NE(first.err.find("perfwarden merge"), std::string::npos) << first.err;
  CliRun second = shard("2", two);
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;

  auto report_one = testing::read_json(one);
  auto report_two = testing::read_json(two);
  EXPECT_EQ(report_one["shard"]["index"], 1);
  EXPECT_EQ(report_one["shard"]["count"], 2);
  EXPECT_FALSE(testing::find_benchmark(report_one, "BM_Work").is_null());
  EXPECT_TRUE(testing::find_benchmark(report_one, "BM_Steady").is_null());
  EXPECT_TRUE(testing::find_benchmark(report_two, "BM_Work").is_null());
  EXPECT_FALSE(testing::find_benchmark(report_two, "BM_Steady").is_null());

  auto merged_json = dir_.path() / "merged.json";
  auto junit = dir_.path() / "merged.xml";
  CliRun merged = perfwarden({"merge", two.string(), one.string(), "--json", merged_json.string(),
                              "--junit", junit.string()});
  EXPECT_EQ(merged.exit_code, 1) << merged.out << merged.err;
  auto report = testing::read_json(merged_json);
  EXPECT_EQ(report["verdict"], "fail");
  EXPECT_TRUE(report["shard"].is_null());
  EXPECT_EQ(report["benchmarks"].size(), 2u);
  EXPECT_EQ(testing::find_benchmark(report, "BM_Work")["verdict"], "regression");
  EXPECT_NE(testing::find_benchmark(report, "BM_Steady")["verdict"], "regression");
  EXPECT_NE(merged.out.find("BM_Work"), std::string::npos) << merged.out;
  EXPECT_NE(util::read_text_file(junit).find("<failure"), std::string::npos);

  // Wrong inputs are usage errors naming the file.
  CliRun missing = perfwarden({"merge", one.string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("shard 2/2 is missing"), std::string::npos) << missing.err;
  CliRun twice = perfwarden({"merge", one.string(), one.string()});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("are both shard 1/2"), std::string::npos) << twice.err;
  util::write_file_atomically(dir_.path() / "bogus.json", R"({"schema": "something/else"})");
  CliRun bogus = perfwarden({"merge", one.string(), (dir_.path() / "bogus.json").string()});
  EXPECT_EQ(bogus.exit_code, 2);
  EXPECT_NE(bogus.err.find("bogus.json: not a perfwarden report"), std::string::npos) << bogus.err;
  CliRun bad_shard =
      perfwarden({"compare", "--repo", repo().string(), "--base", "main~1", "--shard", "3/2"});
  EXPECT_EQ(bad_shard.exit_code, 2);
}

TEST_F(ShardE2E, CiScriptRunsShardsAndMerge) {
  ASSERT_TRUE(std::filesystem::exists(kPerfGateScript)) << kPerfGateScript;
  auto out = dir_.path() / "out";
  auto summary = dir_.path() / "summary.md";
  util::write_file_atomically(summary, "");
  util::PosixProcessRunner runner;
  auto gate = [&](std::vector<std::string> args,
                  std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::string> argv = {"bash", kPerfGateScript.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::pair<std::string, std::string>> environment = {
        {"PERFWARDEN_BIN", PERFWARDEN_BINARY},
        {"PERFWARDEN_REPO", repo().string()},
        {"PERFWARDEN_BASE", "main~1"},
        {"PERFWARDEN_HEAD", "main"},
        {"PERFWARDEN_OUT", out.string()},
        {"PERFWARDEN_CACHE_DIR", cache().string()},
        {"GITHUB_STEP_SUMMARY", summary.string()},
        {"GITHUB_ACTIONS", ""},
        {"NO_COLOR", "1"}};
    environment.insert(environment.end(), extra.begin(), extra.end());
    return runner.run({.argv = argv,
                       .working_directory = dir_.path(),
                       .timeout = std::chrono::seconds(600),
                       .environment = std::move(environment)});
  };
  auto first = gate({"shard", "1", "2"});
  EXPECT_EQ(first.exit_code, 0) << first.stdout_text << first.stderr_text;  // the merge decides
  EXPECT_NE(first.stderr_text.find("the merge decides"), std::string::npos) << first.stderr_text;
  auto second = gate({"shard", "2", "2"});
  EXPECT_EQ(second.exit_code, 0) << second.stdout_text << second.stderr_text;
  EXPECT_EQ(util::read_text_file(summary), "");  // shards write no job summary

  auto merged = gate({"merge"});
  EXPECT_EQ(merged.exit_code, 1) << merged.stdout_text << merged.stderr_text;
  for (const char* file : {"perf-gate.json", "perf-gate.md", "perf-gate.xml", "perf-gate.html"}) {
    EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
  }
  EXPECT_EQ(
      testing::find_benchmark(testing::read_json(out / "perf-gate.json"), "BM_Work")["verdict"],
      "regression");
  std::string markdown = util::read_text_file(out / "perf-gate.md");
  EXPECT_NE(markdown.find("Work"), std::string::npos) << markdown;
  EXPECT_EQ(util::read_text_file(summary), markdown);  // the job summary, once

  // Unsharded: one job measures everything and reports, with the pull request it belongs to
  // for the comment workflow.
  util::write_file_atomically(summary, "");
  const std::string sha(40, 'a');
  auto whole = gate({"run"}, {{"PERFWARDEN_PR_NUMBER", "42"}, {"PERFWARDEN_PR_HEAD_SHA", sha}});
  EXPECT_EQ(whole.exit_code, 1) << whole.stdout_text << whole.stderr_text;
  EXPECT_EQ(
      testing::find_benchmark(testing::read_json(out / "perf-gate.json"), "BM_Work")["verdict"],
      "regression");
  EXPECT_EQ(util::read_text_file(summary), util::read_text_file(out / "perf-gate.md"));
  EXPECT_EQ(testing::read_json(out / "pull-request.json"),
            nlohmann::json({{"number", 42}, {"head_sha", sha}}));

  auto usage = gate({"shard", "1"});
  EXPECT_EQ(usage.exit_code, 2);
  std::filesystem::remove(out / "shard-2.json");
  auto incomplete = gate({"merge"});
  EXPECT_EQ(incomplete.exit_code, 2) << incomplete.stderr_text;
}

}  // namespace
}  // namespace perfwarden
