// End-to-end: `perfwarden bisect` on a repository of 64 commits written by the test, where commit
// 41 makes BM_Work 8% slower (an AI-co-authored commit to a hot path with a named owner) and
// commit 52 another 5%. The time bisect must name both; the instructions bisect commit 41 exactly
// in a handful of builds. Good and bad that do not differ, a commit that does not build, and bad
// input are checked too. Wall times and build counts are printed for the issue's note.

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;
using testing::CliRun;

constexpr const char* kConfig = R"({
  "suites": [ { "name": "core", "binary": "bench_core" } ],
  "thresholds": { "default": 0.03 },
  "measure": { "min_time": 0.01, "timeout_seconds": 60 },
  "owners": [ { "name": "Ada Lovelace", "email": "ada@example.com" } ],
  "hot_paths": [ { "paths": ["bench.cpp"], "benchmarks": "BM_Work", "owners": ["ada@example.com"] } ]
}
)";

class BisectE2E : public ::testing::Test {
 protected:
  BisectE2E() : dir_("perfwarden-e2e-bisect"), writer_(git::RepoWriter::init(repo())) {}
  fs::path repo() const { return dir_.path() / "repo"; }

  // Commit 0 is the good end; commits 1..63 each change a note, some also the hot path.
  void write_history(const std::map<int, int>& work_at, const std::set<int>& broken = {}) {
    testing::SampleProject project;
    project.config = kConfig;
    writer_.commit(project.files(), "commit 0: the project");
    for (int i = 1; i < 64; ++i) {
      std::map<std::string, std::string> files = {{"notes.txt", std::to_string(i) + "\n"}};
      std::string message = "commit " + std::to_string(i);
      if (auto work = work_at.find(i); work != work_at.end()) {
        project.work = work->second;
        files = project.files();
        files["notes.txt"] = std::to_string(i) + "\n";
        message += ": more work in the hot loop\n\nCo-authored-by: Claude <noreply@anthropic.com>";
      }
      if (broken.count(i)) {
        files["CMakeLists.txt"] = "this is not CMake (\n";
      } else if (broken.count(i - 1)) {
        files["CMakeLists.txt"] = project.files().at("CMakeLists.txt");
      }
      writer_.commit(files, message);
    }
  }
  CliRun bisect(const std::vector<std::string>& extra, const std::string& benchmark = "BM_Work") {
    std::vector<std::string> args = {"bisect",
                                     "--repo",
                                     repo().string(),
                                     "--good",
                                     "main~63",
                                     "--bad",
                                     "main",
                                     "--benchmark",
                                     benchmark,
                                     "--cache-dir",
                                     (dir_.path() / "cache").string(),
                                     "--seed",
                                     "7"};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_perfwarden(PERFWARDEN_BINARY, args, std::chrono::seconds(900));
  }
  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(BisectE2E, NamesBothStepsOfATwoStepRegression) {
  write_history({{41, 2160}, {52, 2268}});  // 2000 → +8% → +5%
  const auto started = std::chrono::steady_clock::now();
  auto json = dir_.path() / "bisect.json";
  auto markdown = dir_.path() / "bisect.md";
  CliRun run =
      bisect({"--looks", "8,16,24", "--json", json.string(), "--markdown", markdown.string()});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Time is noisy on a shared machine: a step is either named, or (when a probe's rounds could
  // not place it) left as a short range that holds it; never a wrong commit. Exit 0 when both
  // are named, 1 when a range is left. With two fuzzers on the machine the +5% step once ended
  // as the range {52, 53}.
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.out << run.err;
  auto report = testing::read_json(json);
  ASSERT_EQ(report["steps"].size(), 2u) << run.out;
  int named = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& step = report["steps"][i];
    const std::string subject =
        i == 0 ? "commit 41: more work in the hot loop" : "commit 52: more work in the hot loop";
    if (step["resolved"].get<bool>()) {
      ++named;
      EXPECT_EQ(step["culprit"]["subject"], subject);
      EXPECT_EQ(step["culprit"]["owners"],
                nlohmann::json::array({"Ada Lovelace <ada@example.com>"}));
      EXPECT_NE(step["culprit"]["ai_evidence"].get<std::string>().find("Claude"),
                std::string::npos);
    } else {
      const auto& candidates = step["candidates"];
      EXPECT_LE(candidates.size(), 4u) << step.dump(2);
      bool holds = false;
      for (const auto& candidate : candidates) holds |= candidate["subject"] == subject;
      EXPECT_TRUE(holds) << step.dump(2);
    }
    EXPECT_LE(step["probes"].get<int>(), 12);  // 2 log2(64)
  }
  EXPECT_EQ(run.exit_code, named == 2 ? 0 : 1) << run.out;
  // Each named step is measured as a slowdown. How close the estimate comes to +8% and +5% is a
  // figure for the [figures] line, not an assertion: on a shared 2-core machine one step's
  // estimate moved by 4 points (+12.0% [+4.6%, +20.3%] for the +8% step) while both culprits
  // were right.
  for (std::size_t i = 0; i < 2; ++i) {
    if (!report["steps"][i]["resolved"].get<bool>()) continue;
    const double ratio = report["steps"][i]["change"]["ratio"].get<double>();
    EXPECT_GT(ratio, 1.0) << run.out;
    EXPECT_LT(ratio, 1.25) << run.out;
  }
  EXPECT_EQ(run.out.find("CULPRIT") != std::string::npos, named > 0) << run.out;
  EXPECT_NE(util::read_text_file(markdown).find("Ada Lovelace"), std::string::npos);
  std::printf(
      "[figures] time bisect of 64 commits, steps at 41 (+8%%) and 52 (+5%%): %d of 2 named, "
      "%d builds, %d probes (%d and %d), %d rounds, %.1f s; measured %+.1f%% and %+.1f%%\n",
      named, report["builds"].get<int>(), report["probes"].get<int>(),
      report["steps"][0]["probes"].get<int>(), report["steps"][1]["probes"].get<int>(),
      report["rounds"].get<int>(), seconds,
      report["steps"][0]["change"]["change_percent"].get<double>(),
      report["steps"][1]["change"]["change_percent"].get<double>());

  // Instructions: one count per build, so the first step is found exactly.
  auto counted = dir_.path() / "instructions.json";
  CliRun instructions =
      bisect({"--metric", "instructions", "--max-steps", "1", "--json", counted.string()});
  ASSERT_EQ(instructions.exit_code, 1) << instructions.out << instructions.err;  // a step left
  auto by_count = testing::read_json(counted);
  ASSERT_EQ(by_count["steps"].size(), 1u);
  EXPECT_EQ(by_count["steps"][0]["culprit"]["subject"], "commit 41: more work in the hot loop");
  EXPECT_TRUE(by_count["step_limit_reached"].get<bool>());
  std::printf(
      "[figures] instructions bisect to commit 41: %d probes, %d builds (the two ends "
      "and one per probe)\n",
      by_count["probes"].get<int>(), by_count["builds"].get<int>());
}

TEST_F(BisectE2E, InstructionsNameTheCulpritInSixProbesAndSkipWhatDoesNotBuild) {
  write_history({{41, 2160}}, {30, 31});
  auto json = dir_.path() / "bisect.json";
  CliRun run = bisect({"--metric", "instructions", "--json", json.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json);
  ASSERT_EQ(report["steps"].size(), 1u) << run.out;
  EXPECT_EQ(report["steps"][0]["culprit"]["subject"], "commit 41: more work in the hot loop");
  EXPECT_LE(report["probes"].get<int>(), 8);  // 6, plus the broken commit(s) it met
  EXPECT_LE(report["builds"].get<int>(), 10);
  EXPECT_NEAR(report["steps"][0]["change"]["ratio"].get<double>(), 1.08, 0.01);
  std::printf("[figures] instructions bisect of 64 commits (2 broken): %d probes, %d builds\n",
              report["probes"].get<int>(), report["builds"].get<int>());
}

TEST_F(BisectE2E, SaysSoWhenGoodAndBadAreNotDifferentAndRefusesBadInput) {
  write_history({});
  CliRun same = bisect({"--metric", "instructions"});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("not different"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("2 builds"), std::string::npos) << same.out;  // no probe was built

  CliRun nothing = bisect({}, "BM_Nothing");
  EXPECT_EQ(nothing.exit_code, 2) << nothing.err;
  EXPECT_NE(nothing.err.find("core/BM_Work"), std::string::npos) << nothing.err;  // what exists
  CliRun unknown = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      {"bisect", "--repo", repo().string(), "--good", "no-such-rev", "--benchmark", "BM_Work"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  CliRun reversed = testing::run_perfwarden(
      PERFWARDEN_BINARY, {"bisect", "--repo", repo().string(), "--good", "main", "--bad", "main~3",
                          "--benchmark", "BM_Work"});
  EXPECT_EQ(reversed.exit_code, 2) << reversed.err;
  EXPECT_NE(reversed.err.find("first-parent line"), std::string::npos) << reversed.err;
}

}  // namespace
}  // namespace perfwarden
