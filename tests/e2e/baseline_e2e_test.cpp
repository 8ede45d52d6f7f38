// Stored baselines end to end: `baseline update`, `check`, and the drift tier of `compare`, on real
// repositories (made with libgit2) and real benchmark binaries.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"

namespace perfwarden {
namespace {

using testing::CliRun;
using testing::SampleProject;

constexpr const char* kMaintainer = "Ada Lovelace <ada@example.com>";

std::string config_with_maintainer() {
  return R"({
  "suites": [ { "name": "core", "binary": "bench_core" } ],
  "thresholds": { "default": 0.10 },
  "owners": [ { "name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true },
              { "name": "Bob", "email": "bob@example.com" } ],
  "measure": { "rounds": 8, "min_time": 0.01, "timeout_seconds": 60 }
}
)";
}

SampleProject project(int work) {
  SampleProject p;
  p.work = work;
  p.config = config_with_maintainer();
  return p;
}

class BaselineE2E : public ::testing::Test {
 protected:
  BaselineE2E()
      : dir_("perfwarden-baseline-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}

  std::filesystem::path repo() const { return dir_.path() / "repo"; }
  std::string cache() const { return (dir_.path() / "cache").string(); }
  std::filesystem::path json_path() const { return dir_.path() / "report.json"; }

  CliRun run(std::vector<std::string> args,
             std::chrono::seconds timeout = std::chrono::seconds(300)) {
    args.insert(args.end(), {"--repo", repo().string(), "--cache-dir", cache()});
    return testing::run_perfwarden(PERFWARDEN_BINARY, args, timeout);
  }

  CliRun update(const std::string& rev, const std::string& metrics = "instructions") {
    return run({"baseline", "update", "--rev", rev, "--owner", kMaintainer, "--metric", metrics,
                "--rounds", "6"});
  }

  // The one baseline file update wrote, relative to the repository.
  std::string baseline_file() const {
    for (const auto& entry : std::filesystem::directory_iterator(repo() / "baselines")) {
      return "baselines/" + entry.path().filename().string();
    }
    return "";
  }

  // Commits the worktree's baseline file as a maintainer would after reviewing it.
  std::string bless() {
    std::string file = baseline_file();
    return writer_.commit({{file, util::read_text_file(repo() / file)}}, "Bless the baseline");
  }

  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(BaselineE2E, UpdateThenCheckPasses) {
  writer_.commit(project(2000).files(), "base");
  CliRun updated = update("main", "time,instructions");
  ASSERT_EQ(updated.exit_code, 0) << updated.out << updated.err;
  std::string file = baseline_file();
  ASSERT_FALSE(file.empty());
  EXPECT_NE(file.find("baselines/core."), std::string::npos);
  auto stored = testing::read_json(repo() / file);
  EXPECT_EQ(stored["schema"], 1);
  EXPECT_EQ(stored["provenance"]["owner"], kMaintainer);
  EXPECT_EQ(stored["benchmarks"]["BM_Work"]["real_time"].size(), 6u);  // raw per-round values
  EXPECT_EQ(stored["benchmarks"]["BM_Work"]["cpu_time"].size(), 6u);
  EXPECT_EQ(stored["benchmarks"]["BM_Work"]["instructions"].size(), 1u);
  bless();

  CliRun checked = run(
      {"check", "--metric", "time,instructions", "--rounds", "6", "--json", json_path().string()});
  ASSERT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  auto report = testing::read_json(json_path());
  int drift_rows = 0;
  for (const auto& b : report["benchmarks"]) {
    EXPECT_EQ(b["tier"], "drift");
    EXPECT_NE(b["verdict"], "regression") << b.dump();
    if (b["metric"] == "instructions") {
      EXPECT_EQ(b["change_percent"].get<double>(), 0.0);
    }
    ++drift_rows;
  }
  EXPECT_EQ(drift_rows, 4);  // two benchmarks x (real_time, instructions)
  // The base side is the stored baselines: no build ("base 0.0 s" read as one that took none).
  EXPECT_NE(checked.out.find("builds: base none, head "), std::string::npos) << checked.out;
}

TEST_F(BaselineE2E, OnlyAMaintainerMayUpdate) {
  writer_.commit(project(2000).files(), "base");
  CliRun refused = run({"baseline", "update", "--rev", "main", "--owner", "Bob <bob@example.com>"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("not a maintainer"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Ada Lovelace"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(repo() / "baselines"));
}

TEST_F(BaselineE2E, SmallStepsEachPassButCumulativeDriftFails) {
  writer_.commit(project(2000).files(), "base");
  ASSERT_EQ(update("main").exit_code, 0);
  bless();
  // Each step adds ~0.6% instructions to BM_Work: under the 1% per-change threshold.
  for (int work : {2012, 2024, 2036})
    writer_.commit(project(work).files(),
                   "a little more work\n\nOwner: Ada Lovelace <ada@example.com>\n");

  CliRun first =
      run({"compare", "--base", "main~3", "--head", "main~2", "--metric", "instructions"});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;

  CliRun checked = run({"check", "--metric", "instructions", "--baseline-rev", "main~3", "--json",
                        json_path().string()});
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  auto report = testing::read_json(json_path());
  auto work = testing::find_benchmark(report, "BM_Work");
  EXPECT_EQ(work["verdict"], "regression") << report.dump(2);
  EXPECT_EQ(work["tier"], "drift");
  EXPECT_NEAR(work["change_percent"].get<double>(), 1.8, 0.1);

  // compare's second tier sees it too: the last step alone is fine, the drift is not.
  CliRun last = run({"compare", "--base", "main~1", "--head", "main", "--metric", "instructions",
                     "--json", json_path().string()});
  EXPECT_EQ(last.exit_code, 1) << last.out << last.err;
  auto two_tiers = testing::read_json(json_path());
  bool change_ok = false, drift_fails = false;
  for (const auto& b : two_tiers["benchmarks"]) {
    if (b["name"] != "BM_Work") continue;
    if (b["tier"] == "change") change_ok = b["verdict"] == "same";
    if (b["tier"] == "drift") drift_fails = b["verdict"] == "regression";
  }
  EXPECT_TRUE(change_ok) << two_tiers.dump(2);
  EXPECT_TRUE(drift_fails) << two_tiers.dump(2);
}

TEST_F(BaselineE2E, InterruptedOrFailedUpdateLeavesTheOldFileByteIdentical) {
  writer_.commit(project(2000).files(), "base");
  ASSERT_EQ(update("main").exit_code, 0);
  std::string file = baseline_file();
  std::string before = util::read_text_file(repo() / file);

  // Killed midway through measuring (the runner kills the whole process group at the timeout).
  CliRun killed = run({"baseline", "update", "--rev", "main", "--owner", kMaintainer, "--metric",
                       "time", "--rounds", "1000"},
                      std::chrono::seconds(4));
  EXPECT_EQ(killed.exit_code, -1);
  EXPECT_EQ(util::read_text_file(repo() / file), before);

  // A revision whose benchmark crashes: the update fails and writes nothing.
  SampleProject crashing = project(2000);
  crashing.crash = true;
  writer_.commit(crashing.files(), "crash");
  CliRun failed = update("main");
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_EQ(util::read_text_file(repo() / file), before);
  int temporaries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(repo() / "baselines"))
    ++temporaries;
  EXPECT_EQ(temporaries, 1);
}

TEST_F(BaselineE2E, APullRequestThatEditsTheBaselineToHideARegressionStillFails) {
  writer_.commit(project(2000).files(), "base");
  ASSERT_EQ(update("main").exit_code, 0);
  bless();
  // The head doubles the work and rewrites the stored baseline to match its own figures.
  std::string file = baseline_file();
  auto doctored = testing::read_json(repo() / file);
  doctored["benchmarks"]["BM_Work"]["instructions"][0] =
      doctored["benchmarks"]["BM_Work"]["instructions"][0].get<double>() * 2;
  auto files = project(4000).files();
  files[file] = doctored.dump(2);
  writer_.commit(files, "Speed up the hot loop\n\n(also refresh the baseline)");

  CliRun run_result = run({"compare", "--base", "main~1", "--head", "main", "--metric",
                           "instructions", "--json", json_path().string()});
  EXPECT_EQ(run_result.exit_code, 1) << run_result.out << run_result.err;
  auto report = testing::read_json(json_path());
  int regressions = 0;
  for (const auto& b : report["benchmarks"]) {
    if (b["name"] == "BM_Work" && b["verdict"] == "regression") ++regressions;
  }
  EXPECT_EQ(regressions, 2) << report.dump(
      2);  // the change, and the drift against the base's baseline
}

TEST_F(BaselineE2E, BadBaselinesAreClearErrors) {
  writer_.commit(project(2000).files(), "base");
  ASSERT_EQ(update("main").exit_code, 0);
  std::string file = baseline_file();
  std::string good = util::read_text_file(repo() / file);

  writer_.commit({{file, good.substr(0, good.size() / 2)}}, "truncated");
  CliRun truncated = run({"check", "--metric", "instructions"});
  EXPECT_EQ(truncated.exit_code, 2) << truncated.err;
  EXPECT_NE(truncated.err.find(file), std::string::npos) << truncated.err;
  EXPECT_NE(truncated.err.find("not valid JSON"), std::string::npos) << truncated.err;

  auto future = nlohmann::json::parse(good);
  future["schema"] = 99;
  writer_.commit({{file, future.dump(2)}}, "from the future");
  CliRun unknown = run({"check", "--metric", "instructions"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("schema version 99"), std::string::npos) << unknown.err;

  // A benchmark the baseline has and head lacks is gone; the one head adds is new.
  auto renamed = nlohmann::json::parse(good);
  renamed["benchmarks"]["BM_Removed"] = renamed["benchmarks"]["BM_Steady"];
  renamed["benchmarks"].erase("BM_Steady");
  writer_.commit({{file, renamed.dump(2)}}, "renamed");
  CliRun check = run({"check", "--metric", "instructions", "--json", json_path().string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(report, "BM_Removed")["verdict"], "gone");
  EXPECT_EQ(testing::find_benchmark(report, "BM_Steady")["verdict"], "new");
}

TEST_F(BaselineE2E, TimingsFromAnotherMachineAreRefusedNamingTheDifference) {
  writer_.commit(project(2000).files(), "base");
  ASSERT_EQ(update("main", "time,instructions").exit_code, 0);
  std::string file = baseline_file();
  auto elsewhere = testing::read_json(repo() / file);
  elsewhere["provenance"]["environment"]["cpu_model"] = "Some Other CPU";
  writer_.commit({{file, elsewhere.dump(2)}}, "baseline from another machine");

  CliRun refused = run({"check", "--metric", "time,instructions"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("cpu_model"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("perfwarden compare"), std::string::npos) << refused.err;

  CliRun instructions = run({"check", "--metric", "instructions"});
  EXPECT_EQ(instructions.exit_code, 0) << instructions.out << instructions.err;
}

}  // namespace
}  // namespace perfwarden
