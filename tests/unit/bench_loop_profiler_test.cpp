#include <gtest/gtest.h>

#include <deque>
#include <fstream>

#include "bench/loop_profiler.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace {
namespace fs = std::filesystem;

// A loop dump as callgrind writes it: `total` instructions since StartKeepRunning's entry, of
// which `harness` were StartKeepRunning's own; the rest is BM's self cost in bench.cpp (and
// `other` more in work.cpp, when given), with d1mr first-level and dlmr last-level read misses.
std::string loop(long total, long harness, long other = 0, long d1mr = 0, long dlmr = 0) {
  return "# callgrind format\nversion: 1\npart: 0\n"
         "desc: Trigger: --dump-before=benchmark::State::FinishKeepRunning()\n"
         "positions: line\nevents: Ir D1mr DLmr\nsummary: " +
         std::to_string(total) + " " + std::to_string(d1mr) + " " + std::to_string(dlmr) +
         "\nob=/build/bench_core\nfl=/src/bench.cpp\n"
         "fn=BM(benchmark::State&)\ncfn=benchmark::State::StartKeepRunning()\ncalls=0 0\n12 " +
         std::to_string(harness) + "\n14 " + std::to_string(total - harness - other) + "\n" +
         (other ? "fl=/src/work.cpp\nfn=work(int)\n3 " + std::to_string(other) + "\n" : "");
}
// The dump where a loop starts: what ran since the last dump (setup, static initialisation).
std::string setup(const std::string& file) {
  return "# callgrind format\nversion: 1\n"
         "desc: Trigger: --dump-before=benchmark::State::StartKeepRunning()\n"
         "positions: line\nevents: Ir\nsummary: 50\nob=/build/bench_core\nfl=" +
         file + "\nfn=setup\n1 50\n";
}
// The dump where Google Benchmark reports a benchmark: it ends that benchmark's loops.
std::string reported() {
  return "# callgrind format\nversion: 1\n"
         "desc: Trigger: --dump-before=benchmark::JSONReporter::ReportRuns(std::vector<...> "
         "const&)\npositions: line\nevents: Ir\nsummary: 900\nob=/usr/lib/libbenchmark.so.1\n"
         "fl=???\nfn=report\n1 900\n";
}

std::string row(const std::string& name, int iterations, int threads = 1) {
  return R"({"name": ")" + name + R"(", "run_type": "iteration", "threads": )" +
         std::to_string(threads) + R"(, "iterations": )" + std::to_string(iterations) +
         R"(, "real_time": 1.0, "cpu_time": 1.0, "time_unit": "ns"})";
}

// What one scripted valgrind process writes: the JSON rows and the loop dumps.
struct Script {
  std::vector<std::string> rows;
  std::vector<std::string> dumps;
  util::ProcessResult result = {.exit_code = 0};
};

// Plays valgrind + the benchmark: writes the scripted files where the argv says.
class ScriptedValgrind final : public util::ProcessRunner {
 public:
  explicit ScriptedValgrind(std::deque<Script> scripts) : scripts_(std::move(scripts)) {}
  util::ProcessResult run(const util::ProcessSpec& spec) override {
    calls.push_back(spec);
    if (scripts_.empty()) throw std::logic_error("unexpected process");
    Script script = std::move(scripts_.front());
    scripts_.pop_front();
    std::string json_path, dump_pattern;
    for (const auto& arg : spec.argv) {
      if (arg.rfind("--benchmark_out=", 0) == 0) json_path = arg.substr(16);
      if (arg.rfind("--callgrind-out-file=", 0) == 0) dump_pattern = arg.substr(21);
    }
    std::string json = R"({"context": {}, "benchmarks": [)";
    for (std::size_t i = 0; i < script.rows.size(); ++i) json += (i ? "," : "") + script.rows[i];
    std::ofstream(json_path) << json << "]}";
    std::string base = dump_pattern.substr(0, dump_pattern.find("%p")) + "4242";
    for (std::size_t i = 0; i < script.dumps.size(); ++i) {
      std::ofstream(base + "." + std::to_string(i + 1)) << script.dumps[i];
    }
    std::ofstream(base) << loop(999999, 1);  // the exit dump is never read
    return script.result;
  }
  std::vector<util::ProcessSpec> calls;

 private:
  std::deque<Script> scripts_;
};

class BenchLoopProfiler : public ::testing::Test {
 protected:
  BenchLoopProfiler() : dir_("perfwarden-profiler-unit") {
    binary_.side = Side::kHead;
    binary_.suite = "core";
    binary_.path = dir_.path() / "bench_core";
    std::ofstream(binary_.path) << "not run: the runner is scripted";
    settings_.valgrind = "sh";  // any program on PATH: the scripted runner never starts it
  }
  util::TempDir dir_;
  BenchmarkBinary binary_;
  ProfilerSettings settings_;
};

// The lazy-setup case from the issue: the first iteration of the warm-up loop builds a table
// (50,000 instructions) and every call of the benchmark function builds one more object on first
// use (3,000); the steady state is 100 instructions per iteration.
TEST_F(BenchLoopProfiler, SteadyStateIsTheMarginalCostOfAnIteration) {
  const long harness = 200, per_call = 3000, steady = 100;
  auto cost = [&](long iterations) { return harness + per_call + iterations * steady; };
  ScriptedValgrind runner(
      {{.rows = {row("BM_Lazy", 1000), row("BM_Plain", 10)},
        .dumps = {setup("/src/static_init.cpp"), loop(cost(1) + 50000, harness),
                  setup("/src/fixture.cpp"), loop(cost(1), harness), loop(cost(10), harness),
                  loop(cost(1000), harness, 7000), reported(), setup("/src/other_fixture.cpp"),
                  loop(300 + 5, 290), loop(295, 290), loop(340, 290), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 2u);
  const LoopProfile& lazy = profiles.benchmarks[0];
  EXPECT_EQ(lazy.name, "BM_Lazy");
  EXPECT_TRUE(lazy.marginal);
  EXPECT_DOUBLE_EQ(lazy.instructions, 100.0);  // the first loop alone would say 53,300
  EXPECT_DOUBLE_EQ(lazy.warmup_extra, 50000.0);
  EXPECT_EQ(lazy.files, (std::set<std::string>{"/src/bench.cpp", "/src/work.cpp"}));
  // Around its loops: its own setup, and what every benchmark inherits from the process start.
  const std::string library = unknown_in("/usr/lib/libbenchmark.so.1");  // the report's code
  EXPECT_EQ(lazy.files_outside_loops,
            (std::set<std::string>{"/src/fixture.cpp", "/src/static_init.cpp", library}));
  EXPECT_EQ(profiles.benchmarks[1].files_outside_loops,
            (std::set<std::string>{"/src/other_fixture.cpp", "/src/static_init.cpp", library}));
  EXPECT_DOUBLE_EQ(lazy.function_instructions.at("work(int)"), 7000.0 / 999.0);
  EXPECT_EQ(lazy.function_sites.at("work(int)").file, "/src/work.cpp");
  EXPECT_EQ(lazy.function_sites.at("work(int)").line, 3);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[1].instructions, 5.0);  // (340 - 295) / 9
  EXPECT_EQ(profiles.valgrind_processes, 1);

  const auto& argv = runner.calls.at(0).argv;
  EXPECT_EQ(argv.front(), "sh");
  auto has = [&](const std::string& arg) {
    return std::find(argv.begin(), argv.end(), arg) != argv.end();
  };
  EXPECT_TRUE(has("--tool=callgrind"));
  EXPECT_TRUE(has("--zero-before=benchmark::State::StartKeepRunning*"));
  EXPECT_TRUE(has("--dump-before=benchmark::State::StartKeepRunning*"));
  EXPECT_TRUE(has("--dump-before=benchmark::State::FinishKeepRunning*"));
  EXPECT_TRUE(has("--dump-before=benchmark::JSONReporter::ReportRuns*"));
  EXPECT_TRUE(has("--cache-sim=yes"));
  EXPECT_TRUE(has("--benchmark_min_warmup_time=1e-9"));
  EXPECT_TRUE(has("--benchmark_min_time=0.2"));
  EXPECT_TRUE(has(binary_.path.string()));
  EXPECT_EQ(runner.calls.at(0).environment,
            (std::vector<std::pair<std::string, std::string>>{{"LD_BIND_NOW", "1"}}));
}

// Estimated cycles are the steady instructions plus the misses the longer loop adds. When the
// shorter loop missed more (cold misses the longer one found warm), the steady misses are none,
// never fewer: BM_Cold's would otherwise be 1000 - 200 / 99 cycles, below its instructions.
TEST_F(BenchLoopProfiler, EstimatedCyclesAddTheLongerLoopsMissesAndNeverSubtract) {
  ScriptedValgrind runner(
      {{.rows = {row("BM_Cold", 100), row("BM_Hot", 100)},
        .dumps = {loop(1100, 100), loop(1100, 100, 0, 40, 3), loop(100100, 100, 0, 30, 2),
                  reported(), loop(1100, 100), loop(1100, 100, 0, 10, 0),
                  loop(100100, 100, 0, 1000, 10), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 2u);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 1000.0);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].estimated_cycles, 1000.0);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[1].instructions, 1000.0);
  // (10 x (1000 - 10) + 100 x 10) / 99 miss cycles per iteration.
  EXPECT_DOUBLE_EQ(profiles.benchmarks[1].estimated_cycles, 1000.0 + 10900.0 / 99.0);
}

// A benchmark that skipped itself (SkipWithMessage) is reported, so its report dump keeps the
// groups aligned, and it is not profiled (no loop ran).
TEST_F(BenchLoopProfiler, ASkippedBenchmarkKeepsTheGroupsAlignedAndIsNotProfiled) {
  ScriptedValgrind runner(
      {{.rows = {R"({"name": "BM_Avx512", "skipped": true, "skip_message": "needs AVX-512",
                     "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ns"})",
                 row("BM_A", 100)},
        .dumps = {reported(), loop(1100, 100), loop(100100, 100), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 1u);
  EXPECT_EQ(profiles.benchmarks[0].name, "BM_A");
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 99000.0 / 99.0);
  EXPECT_EQ(profiles.valgrind_processes, 1);
}

// A multi-threaded benchmark gets no count (callgrind serialises its threads) and is named in
// not_counted; the single-threaded ones of the same process are counted as usual.
TEST_F(BenchLoopProfiler, MultiThreadedBenchmarksAreNotCountedButNamed) {
  ScriptedValgrind runner(
      {{.rows = {row("BM_A/threads:2", 100, 2), row("BM_A/threads:2", 100, 2), row("BM_B", 100)},
        .dumps = {loop(1100, 100), loop(1100, 100), loop(100100, 100), loop(100100, 100),
                  reported(), loop(1100, 100), loop(50100, 100), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 1u);
  EXPECT_EQ(profiles.benchmarks[0].name, "BM_B");
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 500.0);
  EXPECT_EQ(profiles.not_counted, (std::vector<std::string>{"BM_A/threads:2"}));
}

TEST_F(BenchLoopProfiler, OneMeasuredLoopOrFixedIterationsGiveTheLoopsAverage) {
  ScriptedValgrind runner({{.rows = {row("BM_Slow", 1), row("BM_Fixed/iterations:4", 4)},
                            .dumps = {loop(24278, 238), loop(24278, 238), reported(),
                                      loop(4300, 238), loop(4238, 238), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 2u);
  EXPECT_FALSE(profiles.benchmarks[0].marginal);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 24040.0);
  EXPECT_FALSE(profiles.benchmarks[1].marginal);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[1].instructions, 1000.0);
}

TEST_F(BenchLoopProfiler, WithoutReportDumpsEachBenchmarkGetsItsOwnProcess) {
  binary_.filter = "BM_";
  ScriptedValgrind runner({
      // A custom reporter: no JSONReporter::ReportRuns, so nothing separates the benchmarks.
      {.rows = {row("BM_Slow/8", 100), row("BM_Fast", 1)},
       .dumps = {loop(1238, 238), loop(1238, 238), loop(100238 + 1000, 238), loop(738, 238)}},
      {.rows = {row("BM_Slow/8", 100)},
       .dumps = {loop(1238 + 500, 238), loop(1238, 238), loop(10238, 238), loop(100238, 238)}},
      {.rows = {row("BM_Fast", 1)}, .dumps = {loop(738, 238), loop(738, 238)}},
  });
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 2u);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 1000.0);  // (100238 - 1238) / 99
  EXPECT_DOUBLE_EQ(profiles.benchmarks[1].instructions, 500.0);
  EXPECT_EQ(profiles.valgrind_processes, 3);
  ASSERT_EQ(runner.calls.size(), 3u);
  EXPECT_EQ(runner.calls[0].argv.back(), "--benchmark_filter=BM_");
  EXPECT_EQ(runner.calls[1].argv.back(), "--benchmark_filter=^BM_Slow/8$");
  EXPECT_EQ(runner.calls[2].argv.back(), "--benchmark_filter=^BM_Fast$");
}

TEST_F(BenchLoopProfiler, GoogleBenchmarkWithoutWarmUpIsRunAgainWithoutIt) {
  ScriptedValgrind runner(
      {{.result = {.exit_code = 1,
                   .stderr_text = "bench_core: error: unrecognized command-line flag: "
                                  "--benchmark_min_warmup_time=1e-9\n"}},
       {.rows = {row("BM_A", 100)}, .dumps = {loop(1100, 100), loop(100100, 100), reported()}}});
  LoopProfiles profiles = profile_loops(runner, binary_, settings_);
  ASSERT_EQ(profiles.benchmarks.size(), 1u);
  EXPECT_TRUE(profiles.benchmarks[0].marginal);
  EXPECT_DOUBLE_EQ(profiles.benchmarks[0].instructions, 99000.0 / 99.0);
  ASSERT_EQ(runner.calls.size(), 2u);
  const auto& retry = runner.calls[1].argv;
  EXPECT_EQ(std::find(retry.begin(), retry.end(), "--benchmark_min_warmup_time=1e-9"), retry.end());
}

TEST_F(BenchLoopProfiler, ExactNameFiltersEscapeExtendedRegexMetacharacters) {
  EXPECT_EQ(exact_name_filter("BM_Pk/1000000"), "^BM_Pk/1000000$");
  EXPECT_EQ(exact_name_filter("BM<int>(a.b)*+?[x]{2}|^$\\"),
            "^BM<int>\\(a\\.b\\)\\*\\+\\?\\[x\\]\\{2\\}\\|\\^\\$\\\\$");
  EXPECT_EQ(exact_names_filter({"BM_A/8", "BM_B"}), "^(BM_A/8|BM_B)$");
}

TEST_F(BenchLoopProfiler, FailuresNameTheirKind) {
  auto kind_of = [&](Script script) {
    ScriptedValgrind runner({std::move(script)});
    try {
      profile_loops(runner, binary_, settings_);
    } catch (const BenchmarkFailure& failure) {
      EXPECT_EQ(failure.side(), Side::kHead);
      EXPECT_EQ(failure.suite(), "core");
      return failure.kind();
    }
    ADD_FAILURE() << "no BenchmarkFailure";
    return FailureKind::kNotBuilt;
  };
  EXPECT_EQ(kind_of({.rows = {row("BM_A", 1)}, .result = {.terminating_signal = 6}}),
            FailureKind::kCrashed);
  EXPECT_EQ(kind_of({.rows = {row("BM_A", 1)}, .result = {.timed_out = true}}),
            FailureKind::kTimedOut);
  EXPECT_EQ(kind_of({.rows = {R"({"name": "BM_A", "error_occurred": true, "error_message": "x"})"},
                     .dumps = {loop(300, 238)}}),
            FailureKind::kReportedError);
  EXPECT_EQ(kind_of({.rows = {row("BM_A", 1)}, .dumps = {}}),  // no symbols: no loops seen
            FailureKind::kMalformedOutput);
  EXPECT_EQ(kind_of({.rows = {}, .dumps = {}}), FailureKind::kMalformedOutput);

  fs::remove(binary_.path);
  EXPECT_EQ(kind_of({}), FailureKind::kNotBuilt);
}

TEST_F(BenchLoopProfiler, MissingValgrindSaysHowToInstallIt) {
  settings_.valgrind = "perfwarden-no-such-valgrind";
  ScriptedValgrind runner({});
  try {
    profile_loops(runner, binary_, settings_);
    FAIL() << "no error";
  } catch (const BenchmarkFailure&) {
    FAIL() << "a missing tool is infrastructure, not a benchmark failure";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kInfrastructure);
    EXPECT_NE(std::string(error.what()).find("perfwarden-no-such-valgrind"), std::string::npos);
    EXPECT_EQ(error.fix(), "install valgrind (Debian package valgrind)");
  }
  EXPECT_TRUE(runner.calls.empty());
}

TEST(BenchLoopProfilerProbe, HardwareCounterProbeIsStable) {
  // No assertion on the value: it depends on the machine (false on this project's VMs).
  EXPECT_EQ(hardware_counters_available(), hardware_counters_available());
}

}  // namespace
}  // namespace perfwarden::bench
