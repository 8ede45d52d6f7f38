#include <gtest/gtest.h>

#include <deque>
#include <fstream>

#include "bench/instruction_counter.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace {
namespace fs = std::filesystem;

// A loop dump as callgrind writes it: `total` instructions since StartKeepRunning's entry, of
// which `harness` were StartKeepRunning's own.
std::string dump(int part, int total, int harness) {
  return "# callgrind format\nversion: 1\npart: " + std::to_string(part) +
         "\ndesc: Trigger: --dump-before=benchmark::State::FinishKeepRunning()\n"
         "positions: line\nevents: Ir\nsummary: " +
         std::to_string(total) +
         "\nfn=BM(benchmark::State&)\ncfn=benchmark::State::StartKeepRunning()\ncalls=0 0\n0 " +
         std::to_string(harness) + "\n0 " + std::to_string(total - harness) + "\n";
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
    std::ofstream(base) << dump(0, 999999, 1);  // the exit dump is never read
    return script.result;
  }
  std::vector<util::ProcessSpec> calls;

 private:
  std::deque<Script> scripts_;
};

class BenchInstructionCounter : public ::testing::Test {
 protected:
  BenchInstructionCounter() : dir_("perfwarden-instr-unit") {
    binary_.side = Side::kHead;
    binary_.suite = "core";
    binary_.path = dir_.path() / "bench_core";
    std::ofstream(binary_.path) << "not run: the runner is scripted";
    settings_.valgrind = "sh";  // any program on PATH: the scripted runner never starts it
  }
  util::TempDir dir_;
  BenchmarkBinary binary_;
  InstructionCountSettings settings_;
};

TEST_F(BenchInstructionCounter, PairsLoopsWithRowsAndSubtractsTheHarness) {
  ScriptedValgrind runner({{.rows = {row("BM_Work", 1), row("BM_Fixed", 4)},
                            .dumps = {dump(1, 24278, 238), dump(2, 4238, 238)}}});
  InstructionCounts counts = count_instructions(runner, binary_, settings_);
  ASSERT_EQ(counts.per_iteration.size(), 2u);
  EXPECT_EQ(counts.per_iteration[0], (std::pair<std::string, double>("BM_Work", 24040.0)));
  EXPECT_EQ(counts.per_iteration[1], (std::pair<std::string, double>("BM_Fixed", 1000.0)));
  EXPECT_EQ(counts.valgrind_processes, 1);

  const auto& argv = runner.calls.at(0).argv;
  EXPECT_EQ(argv.front(), "sh");
  auto has = [&](const std::string& arg) {
    return std::find(argv.begin(), argv.end(), arg) != argv.end();
  };
  EXPECT_TRUE(has("--tool=callgrind"));
  EXPECT_TRUE(has("--zero-before=benchmark::State::StartKeepRunning*"));
  EXPECT_TRUE(has("--dump-before=benchmark::State::FinishKeepRunning*"));
  EXPECT_TRUE(has("--benchmark_min_time=1e-9"));
  EXPECT_TRUE(has(binary_.path.string()));
  EXPECT_EQ(runner.calls.at(0).environment,
            (std::vector<std::pair<std::string, std::string>>{{"LD_BIND_NOW", "1"}}));
}

TEST_F(BenchInstructionCounter, MoreLoopsThanRowsCountsEachBenchmarkInItsOwnProcess) {
  binary_.filter = "BM_";
  ScriptedValgrind runner({
      // BM_Slow has MinTime in code: Google Benchmark escalated it through three loops.
      {.rows = {row("BM_Slow/8", 100), row("BM_Fast", 1)},
       .dumps = {dump(1, 1238, 238), dump(2, 10238, 238), dump(3, 100238, 238), dump(4, 738, 238)}},
      {.rows = {row("BM_Slow/8", 100)},
       .dumps = {dump(1, 1238, 238), dump(2, 10238, 238), dump(3, 200238, 238)}},
      {.rows = {row("BM_Fast", 1)}, .dumps = {dump(1, 738, 238)}},
  });
  InstructionCounts counts = count_instructions(runner, binary_, settings_);
  ASSERT_EQ(counts.per_iteration.size(), 2u);
  EXPECT_EQ(counts.per_iteration[0].second, 2000.0);  // the last (reported) loop
  EXPECT_EQ(counts.per_iteration[1].second, 500.0);
  EXPECT_EQ(counts.valgrind_processes, 3);
  ASSERT_EQ(runner.calls.size(), 3u);
  EXPECT_EQ(runner.calls[0].argv.back(), "--benchmark_filter=BM_");
  EXPECT_EQ(runner.calls[1].argv.back(), "--benchmark_filter=^BM_Slow/8$");
  EXPECT_EQ(runner.calls[2].argv.back(), "--benchmark_filter=^BM_Fast$");
}

TEST_F(BenchInstructionCounter, RepeatedRowsKeepTheMedian) {
  ScriptedValgrind runner(
      {{.rows = {row("BM_A", 1), row("BM_A", 1), row("BM_A", 1)},
        .dumps = {dump(1, 1500, 100), dump(2, 1100, 100), dump(3, 1200, 100)}}});
  InstructionCounts counts = count_instructions(runner, binary_, settings_);
  ASSERT_EQ(counts.per_iteration.size(), 1u);
  EXPECT_EQ(counts.per_iteration[0].second, 1100.0);
}

TEST_F(BenchInstructionCounter, ExactNameFilterEscapesExtendedRegexMetacharacters) {
  EXPECT_EQ(exact_name_filter("BM_Pk/1000000"), "^BM_Pk/1000000$");
  EXPECT_EQ(exact_name_filter("BM<int>(a.b)*+?[x]{2}|^$\\"),
            "^BM<int>\\(a\\.b\\)\\*\\+\\?\\[x\\]\\{2\\}\\|\\^\\$\\\\$");
}

TEST_F(BenchInstructionCounter, FailuresNameTheirKind) {
  auto kind_of = [&](Script script) {
    ScriptedValgrind runner({std::move(script)});
    try {
      count_instructions(runner, binary_, settings_);
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
                     .dumps = {dump(1, 300, 238)}}),
            FailureKind::kReportedError);
  EXPECT_EQ(kind_of({.rows = {row("BM_A/threads:2", 1, 2)}, .dumps = {dump(1, 300, 238)}}),
            FailureKind::kMalformedOutput);
  EXPECT_EQ(kind_of({.rows = {row("BM_A", 1)}, .dumps = {}}),  // no symbols: no loops seen
            FailureKind::kMalformedOutput);
  EXPECT_EQ(kind_of({.rows = {}, .dumps = {}}), FailureKind::kMalformedOutput);

  fs::remove(binary_.path);
  EXPECT_EQ(kind_of({}), FailureKind::kNotBuilt);
}

TEST_F(BenchInstructionCounter, MissingValgrindSaysHowToInstallIt) {
  settings_.valgrind = "perfwarden-no-such-valgrind";
  ScriptedValgrind runner({});
  try {
    count_instructions(runner, binary_, settings_);
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

TEST(BenchInstructionCounterProbe, HardwareCounterProbeIsStable) {
  // No assertion on the value: it depends on the machine (false on this project's VMs).
  EXPECT_EQ(hardware_counters_available(), hardware_counters_available());
}

}  // namespace
}  // namespace perfwarden::bench
