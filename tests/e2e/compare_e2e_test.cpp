// End-to-end: the built `perfwarden compare` against real git repositories (made here with
// libgit2) holding real CMake + Google Benchmark projects.

#include <gtest/gtest.h>

#include <map>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"

namespace perfwarden {
namespace {

using testing::CliRun;
using testing::SampleProject;

class CompareE2E : public ::testing::Test {
 protected:
  CompareE2E() : dir_("perfwarden-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}

  std::string commit(const SampleProject& project, const std::string& message) {
    return writer_.commit(project.files(), message);
  }

  CliRun compare(const std::string& base, const std::string& head,
                 std::vector<std::string> extra = {}) {
    return testing::run_perfwarden(
        PERFWARDEN_BINARY,
        testing::compare_args(repo(), base, head, json_path(), dir_.path() / "cache", extra));
  }

  // `base`, then a head whose BM_Work does twice the work.
  void commit_doubled_work(const SampleProject& base) {
    commit(base, "base");
    SampleProject head = base;
    head.work = base.work * 2;
    commit(head, "double the work");
  }

  // A base whose BM_Steady runs as /threads:1 and /threads:2, and a head changed by `change`.
  void commit_threaded(void (*change)(SampleProject&)) {
    SampleProject base;
    base.threaded_steady = true;
    commit(base, "base");
    SampleProject head = base;
    change(head);
    commit(head, "more work");
  }

  std::filesystem::path repo() const { return dir_.path() / "repo"; }
  std::filesystem::path json_path() const { return dir_.path() / "report.json"; }

  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(CompareE2E, HeadTwiceAsSlowFailsWithARegression) {
  commit_doubled_work(SampleProject{});

  CliRun run = compare("main~1", "main");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["verdict"], "fail");
  auto work = testing::find_benchmark(report, "BM_Work");
  ASSERT_FALSE(work.is_null()) << report.dump(2);
  EXPECT_EQ(work["verdict"], "regression");
  EXPECT_EQ(work["metric"], "cpu_time");
  EXPECT_GT(work["ratio"].get<double>(), 1.6);
  EXPECT_LT(work["ratio"].get<double>(), 2.5);
  ASSERT_EQ(work["ci"].size(), 2u);
  EXPECT_GT(work["ci"][0].get<double>(), 1.05);
  EXPECT_LE(work["ci"][0].get<double>(), work["ratio"].get<double>());
  EXPECT_GE(work["ci"][1].get<double>(), work["ratio"].get<double>());
  EXPECT_NE(testing::find_benchmark(report, "BM_Steady")["verdict"], "regression");
  EXPECT_NE(run.out.find("regression"), std::string::npos) << run.out;
  EXPECT_EQ(report["warnings"].dump().find("optimisation"), std::string::npos)
      << report["warnings"];
}

// A hand-written recipe without a build type compiles at -O0: the gate still compares, and
// says what that means and how to fix it.
TEST_F(CompareE2E, ABuildWithoutOptimisationIsReportedWithItsFix) {
  SampleProject base;
  base.config = R"({
  "suites": [ { "name": "core", "binary": "bench_core" } ],
  "build": { "configure": ["cmake", "-S", "{src}", "-B", "{build}"],
             "build": ["cmake", "--build", "{build}"] },
  "measure": { "min_time": 0.01, "timeout_seconds": 60, "deterministic": "off" }
})";
  commit_doubled_work(base);

  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  const std::string warnings = report["warnings"].dump();
  EXPECT_NE(warnings.find("compiled without optimisation (its CMAKE_BUILD_TYPE is empty)"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("-DCMAKE_BUILD_TYPE=Release"), std::string::npos) << warnings;
  EXPECT_NE(run.out.find("without optimisation"), std::string::npos) << run.out;
}

// A benchmark whose work runs on another thread times itself with UseRealTime(): its own
// thread's CPU time only waits, so the gate must judge the time its author chose.
TEST_F(CompareE2E, ABenchmarkThatAsksForRealTimeIsGatedOnRealTime) {
  auto project = [](int work) {
    std::map<std::string, std::string> files = SampleProject{}.files();
    files["bench.cpp"] = R"(#include <benchmark/benchmark.h>
#include <cstdint>
#include <thread>
static void BM_Offloaded(benchmark::State& state) {
  std::uint64_t x = 1;
  for (auto _ : state) {
    std::thread worker([&x] {
      for (int i = 0; i < )" +
                         std::to_string(work) +
                         R"(; ++i) benchmark::DoNotOptimize(x = x * 6364136223846793005ULL + 1);
    });
    worker.join();
  }
}
BENCHMARK(BM_Offloaded)->UseRealTime();
BENCHMARK_MAIN();
)";
    files["CMakeLists.txt"] +=
        "find_package(Threads REQUIRED)\n"
        "target_link_libraries(bench_core PRIVATE Threads::Threads)\n";
    // The sequential looks: real time on a loaded machine may need more than ten rounds.
    files["perfwarden.json"] = R"({
  "suites": [ { "name": "core", "binary": "bench_core" } ],
  "measure": { "min_time": 0.01, "timeout_seconds": 60, "deterministic": "off" }
})";
    return files;
  };
  writer_.commit(project(2000000), "base");
  writer_.commit(project(4000000), "twice the work on the worker");

  CliRun run = compare("main~1", "main");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto offloaded =
      testing::find_benchmark(testing::read_json(json_path()), "BM_Offloaded/real_time");
  ASSERT_FALSE(offloaded.is_null()) << run.out;
  EXPECT_EQ(offloaded["metric"], "real_time");
  EXPECT_EQ(offloaded["verdict"], "regression") << offloaded.dump(2);
}

TEST_F(CompareE2E, CommentOnlyChangePasses) {
  SampleProject base;
  commit(base, "base");
  SampleProject head = base;
  head.comment = "// Sample hot path, now with a clarifying comment.";
  commit(head, "reword a comment");

  CliRun run = compare("main~1", "main");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["verdict"], "pass");
  // The builds load the same bytes (line tables and prefix maps make them reproducible across
  // cache entries): nothing is measured, so noise cannot fail it.
  EXPECT_EQ(report["settings"]["rounds_run"], 0) << report.dump(2);
  ASSERT_EQ(report["benchmarks"].size(), 2u);
  for (const auto& b : report["benchmarks"]) {
    EXPECT_EQ(b["verdict"], "same") << b.dump();
    EXPECT_NE(b["reason"].get<std::string>().find("identical code"), std::string::npos);
  }
  // The table shows no figures for what was not measured (it printed "+0.0% [+0.0%, +0.0%]").
  EXPECT_EQ(run.out.find("+0.0%"), std::string::npos) << run.out;
}

TEST_F(CompareE2E, DocsOnlyChangeIsNotMeasured) {
  commit(SampleProject{}, "base");
  writer_.commit({{"docs/guide.md", "# How to\n"}, {"README.md", "# sample\n"}}, "docs");
  CliRun run = compare("main~1", "main");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["settings"]["rounds_run"], 0);
  EXPECT_LT(report["timing"]["measure_seconds"].get<double>(), 5.0);
  for (const auto& b : report["benchmarks"]) EXPECT_EQ(b["verdict"], "same") << b.dump();
}

TEST_F(CompareE2E, ADataFileChangeIsMeasuredEvenWithIdenticalBinaries) {
  // A benchmark may read data at run time: identical binaries prove nothing then.
  commit(SampleProject{}, "base");
  writer_.commit({{"data/input.csv", "1,2,3\n"}}, "data");
  CliRun run = compare("main~1", "main", {"--rounds", "3"});
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["settings"]["rounds_run"], 3) << run.out << run.err;
  for (const auto& b : report["benchmarks"]) {
    EXPECT_EQ(b["reason"].get<std::string>().find("identical code"), std::string::npos);
  }
}

TEST_F(CompareE2E, UnknownRevisionIsAUsageError) {
  commit(SampleProject{}, "base");
  CliRun run = compare("no-such-branch", "main");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("no-such-branch"), std::string::npos) << run.err;
}

TEST_F(CompareE2E, HeadThatDoesNotCompileFailsTheGate) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.compile_error = true;
  commit(head, "break the build");

  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["verdict"], "fail");
  ASSERT_EQ(report["failures"].size(), 1u);
  EXPECT_NE(report["failures"][0]["title"].get<std::string>().find("does not build"),
            std::string::npos);
  // The log tail shows the compiler's complaint.
  EXPECT_NE(report["failures"][0]["detail"].get<std::string>().find("does not"), std::string::npos);
}

TEST_F(CompareE2E, BaseThatDoesNotCompileIsAnInfrastructureError) {
  SampleProject base;
  base.compile_error = true;
  commit(base, "broken base");
  commit(SampleProject{}, "fixed head");

  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("base revision"), std::string::npos) << run.err;
}

TEST_F(CompareE2E, SecondRunReusesTheCachedBuilds) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.comment = "// changed";
  commit(head, "head");

  CliRun first = compare("main~1", "main", {"--rounds", "4"});
  ASSERT_NE(first.err.find("configuring main~1"), std::string::npos) << first.err;
  CliRun second = compare("main~1", "main", {"--rounds", "4"});
  EXPECT_EQ(second.err.find("configuring"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("reusing cached build of main~1"), std::string::npos) << second.err;
  auto report = testing::read_json(json_path());
  EXPECT_TRUE(report["base"]["build_reused"].get<bool>());
  EXPECT_TRUE(report["head"]["build_reused"].get<bool>());
}

TEST_F(CompareE2E, MergeBaseComparesAgainstTheForkPoint) {
  std::string fork = commit(SampleProject{}, "base");
  SampleProject faster_main;
  faster_main.work = 500;
  writer_.create_branch("feature", fork);
  commit(faster_main, "main gets faster after the fork");
  writer_.checkout_branch("feature");
  SampleProject feature;
  feature.comment = "// feature tweak";
  commit(feature, "feature");

  CliRun run = compare("main", "feature", {"--merge-base", "--rounds", "4"});
  ASSERT_NE(run.exit_code, 2) << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["base"]["commit"], fork);
  EXPECT_NE(report["base"]["spec"].get<std::string>().find("merge-base"), std::string::npos);
}

TEST_F(CompareE2E, InvalidConfigNamesTheFieldAndExitsTwo) {
  SampleProject base;
  base.config = R"({ "suites": [ { "name": "core", "binary": "/abs/bench" } ] })";
  commit(base, "base with a bad config");
  commit(SampleProject{}, "head");
  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("perfwarden.json at base"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("suites[0].binary"), std::string::npos) << run.err;
}

TEST_F(CompareE2E, HeadConfigIsNotTrusted) {
  // The head loosens its own threshold to 500%: the base's policy still applies.
  commit(SampleProject{}, "base");
  SampleProject head;
  head.work = 4000;
  head.config = R"({ "suites": [ { "name": "core", "binary": "bench_core" } ],
                     "thresholds": { "default": 5.0 },
                     "measure": { "rounds": 10, "min_time": 0.01 } })";
  commit(head, "slower, and relax the gate");
  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
}

TEST_F(CompareE2E, HeadBenchmarkThatCrashesFailsTheGateNamingIt) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.crash = true;
  commit(head, "crash");
  CliRun run = compare("main~1", "main", {"--rounds", "3"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  ASSERT_EQ(report["failures"].size(), 1u);
  auto title = report["failures"][0]["title"].get<std::string>();
  EXPECT_NE(title.find("core"), std::string::npos) << title;
  EXPECT_NE(title.find("signal"), std::string::npos) << title;
}

TEST_F(CompareE2E, HeadBenchmarkThatHangsIsStoppedByTheTimeout) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.hang = true;
  commit(head, "hang");
  CliRun run = compare("main~1", "main", {"--rounds", "3", "--timeout", "2"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  ASSERT_EQ(report["failures"].size(), 1u);
  EXPECT_NE(report["failures"][0]["title"].get<std::string>().find("timed out"), std::string::npos);
}

TEST_F(CompareE2E, MalformedBenchmarkOutputIsAnInfrastructureErrorNamingTheBinary) {
  SampleProject base;
  base.fake_json = "{ this is not json";
  commit(base, "base");
  commit(SampleProject{}, "head");
  CliRun run = compare("main~1", "main", {"--rounds", "3"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("bench_core"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("malformed"), std::string::npos) << run.err;
}

// Found by fuzzing: a number beyond a double escaped the parser as nlohmann's out_of_range.406,
// "internal error" (exit 3) instead of the documented malformed-output failure.
TEST_F(CompareE2E, AnOverflowingNumberInTheHeadsOutputIsMalformedOutputNamingTheBinary) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.fake_json = R"({"benchmarks": [{"name": "BM_Work", "real_time": 1e400, "cpu_time": 1}]})";
  commit(head, "head");
  CliRun run = compare("main~1", "main", {"--rounds", "3"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("head suite 'core'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bench_core) produced malformed output: field "
                         "'benchmarks[0].real_time': number 1e400 is out of range"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
}

TEST_F(CompareE2E, AHeadBenchmarkWritingWithoutEndIsStoppedAndFailsTheGate) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.fake_json = R"({"benchmarks": [)";
  head.flood_json = true;
  commit(head, "head");
  CliRun run = compare("main~1", "main", {"--rounds", "3"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("killed by signal 25"), std::string::npos) << run.out << run.err;
}

TEST_F(CompareE2E, AConfigNumberOverflowIsAConfigErrorNamingTheField) {
  SampleProject base;
  base.config = R"({"suites": [{"name": "core", "binary": "bench_core"}],
                   "thresholds": {"default": 1e400}})";
  commit(base, "base");
  commit(SampleProject{}, "head");
  CliRun run = compare("main~1", "main");
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("field 'thresholds.default': number 1e400 is out of range"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
}

TEST_F(CompareE2E, InstructionsOfIdenticalCodeChangeByExactlyZero) {
  commit(SampleProject{}, "base");
  // A data file keeps the identical-code short-circuit out of it: the binaries are counted.
  writer_.commit({{"data/input.csv", "1,2,3\n"}}, "data");
  CliRun run = compare("main~1", "main", {"--metric", "instructions"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  ASSERT_EQ(report["benchmarks"].size(), 2u) << report.dump(2);
  for (const auto& b : report["benchmarks"]) {
    EXPECT_EQ(b["metric"], "instructions");
    EXPECT_EQ(b["change_percent"].get<double>(), 0.0) << b.dump();
    EXPECT_EQ(b["verdict"], "same");
    EXPECT_GT(b["base"]["median"].get<double>(), 0.0);
  }
}

// Whether one of the report's warnings holds `text`.
bool has_warning(const nlohmann::json& report, const std::string& text) {
  for (const auto& w : report["warnings"]) {
    if (w.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

// A multi-threaded benchmark gets no instruction count (callgrind runs one thread at a time) and
// keeps its time verdict; the warning names it, and the other benchmarks are counted as usual.
TEST_F(CompareE2E, AMultiThreadedBenchmarkIsTimedButNotCounted) {
  commit_threaded([](SampleProject& head) { head.work *= 2; });
  CliRun run = compare("main~1", "main", {"--metric", "time,instructions"});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  std::map<std::string, int> rows;  // "name metric" -> count
  for (const auto& b : report["benchmarks"]) {
    rows[b["name"].get<std::string>() + " " + b["metric"].get<std::string>()]++;
  }
  EXPECT_EQ(rows["BM_Work instructions"], 1) << report.dump(2);
  EXPECT_EQ(rows["BM_Steady/threads:1 instructions"], 1);
  EXPECT_EQ(rows["BM_Steady/threads:2 instructions"], 0);
  EXPECT_EQ(rows["BM_Steady/threads:2 cpu_time"] + rows["BM_Steady/threads:2 real_time"], 1);
  EXPECT_TRUE(has_warning(report,
                          "multi-threaded benchmark(s) get no instruction count "
                          "(BM_Steady/threads:2)"))
      << report["warnings"].dump(2);
}

// A benchmark that pauses its timer for per-iteration setup: its instruction count includes the
// paused work, which its time leaves out, and the warning says so.
TEST_F(CompareE2E, AnInstructionCountOfABenchmarkThatPausesItsTimerComesWithAWarning) {
  SampleProject base;
  base.paused_work = 200;
  commit(base, "base");
  SampleProject head = base;
  head.paused_work = 4000;  // only the untimed setup grew
  commit(head, "more setup");
  CliRun run = compare("main~1", "main", {"--metric", "instructions"});
  auto report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(report, "BM_Steady")["verdict"], "regression")
      << report.dump(2);
  EXPECT_EQ(testing::find_benchmark(report, "BM_Work")["verdict"], "same");
  EXPECT_TRUE(has_warning(report, "1 benchmark(s) pause their timer in the loop (BM_Steady)"))
      << report["warnings"].dump(2);
}

// The evidence stage profiles what time flagged; a flagged multi-threaded benchmark keeps its
// time verdict and the warning says it has no deterministic evidence.
TEST_F(CompareE2E, AFlaggedMultiThreadedBenchmarkRestsOnTimeAlone) {
  commit_threaded([](SampleProject& head) { head.steady_work *= 3; });
  CliRun run = compare("main~1", "main");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  auto threaded = testing::find_benchmark(report, "BM_Steady/threads:2");
  EXPECT_EQ(threaded["verdict"], "regression") << report.dump(2);
  EXPECT_TRUE(threaded["evidence"].is_null());
  EXPECT_FALSE(testing::find_benchmark(report, "BM_Steady/threads:1")["evidence"].is_null());
  EXPECT_TRUE(has_warning(report, "BM_Steady/threads:2 is multi-threaded"))
      << report["warnings"].dump(2);
}

TEST_F(CompareE2E, TimeAndInstructionsEachGetTheirVerdict) {
  commit(SampleProject{}, "base");
  SampleProject head;
  head.work = SampleProject{}.work * 2;
  commit(head, "double the work");
  CliRun run = compare("main~1", "main", {"--metric", "time,instructions"});
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  int instruction_regressions = 0, time_regressions = 0;
  for (const auto& b : report["benchmarks"]) {
    if (b["name"] != "BM_Work" || b["verdict"] != "regression") continue;
    (b["metric"] == "instructions" ? instruction_regressions : time_regressions)++;
    if (b["metric"] == "instructions") {
      EXPECT_NEAR(b["ratio"].get<double>(), 2.0, 0.05);
    }
  }
  EXPECT_EQ(instruction_regressions, 1) << report.dump(2);
  EXPECT_EQ(time_regressions, 1) << report.dump(2);
}

}  // namespace
}  // namespace perfwarden
