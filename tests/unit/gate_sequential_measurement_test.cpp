// The sequential looks and the confirmation stage, driven through the real round scheduler by a
// fake runner that scripts every benchmark's time.

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "config/gate_config.h"
#include "gate/benchmark_results.h"
#include "gate/sequential_measurement.h"
#include "support/fake_benchmark_runner.h"
#include "util/files.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace {

using policy::StopDecision;
using policy::Verdict;
using testing::FakeBenchmarkRunner;

// Deterministic pseudo-noise in [-1, 1] for run k of a benchmark.
double wobble(int k, double phase) { return std::sin(1.7 * k + phase); }

class SequentialMeasurement : public ::testing::Test {
 protected:
  SequentialMeasurement() : dir_("pw-seq"), suites_(testing::fake_core_suite(dir_.path())) {
    plan_.rounds.seed = 42;
    plan_.thresholds.default_threshold = 0.05;
  }

  MeasurementOutcome measure(FakeBenchmarkRunner& runner) {
    util::Progress quiet(false);
    return run_sequential_measurement(runner, suites_, plan_, quiet);
  }

  const BenchmarkOutcome& find(const MeasurementOutcome& outcome, const std::string& name) {
    for (const auto& b : outcome.benchmarks) {
      if (b.name == name) return b;
    }
    throw std::runtime_error("no benchmark " + name);
  }

  util::TempDir dir_;
  std::vector<bench::SuitePair> suites_;
  SequentialPlan plan_;
};

TEST_F(SequentialMeasurement, IdenticalCodeStopsSameAtTheFirstLook) {
  FakeBenchmarkRunner runner({"BM_Flat"}, [](const std::string&, bool head, int k) {
    return 1000.0 * (1.0 + 0.005 * wobble(k, head ? 0.5 : 0.0));
  });
  auto outcome = measure(runner);
  const auto& flat = find(outcome, "BM_Flat");
  EXPECT_EQ(flat.decision, StopDecision::kStopSame);
  EXPECT_EQ(flat.analysis.rounds, 10);
  EXPECT_EQ(outcome.primary_rounds, 10);
  EXPECT_EQ(runner.runs("BM_Flat", true), 11);  // one warm-up + 10 measured
  EXPECT_EQ(outcome.confirmation_rounds, 0);
}

TEST_F(SequentialMeasurement, ClearRegressionStopsEarlyAndIsConfirmedOnFreshRounds) {
  FakeBenchmarkRunner runner({"BM_Slow"}, [](const std::string&, bool head, int k) {
    return 1000.0 * (head ? 2.0 : 1.0) * (1.0 + 0.01 * wobble(k, head ? 1.0 : 0.0));
  });
  auto outcome = measure(runner);
  const auto& slow = find(outcome, "BM_Slow");
  EXPECT_EQ(slow.decision, StopDecision::kStopRegression);
  EXPECT_EQ(slow.analysis.rounds, 10);
  ASSERT_TRUE(slow.confirmation);
  EXPECT_TRUE(slow.confirmation->confirmed);
  EXPECT_EQ(slow.confirmation->base_values.size(), 10u);
  EXPECT_EQ(runner.runs("BM_Slow", true), 1 + 10 + 10);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  EXPECT_EQ(results.benchmarks[0].verdict, Verdict::kRegression);
  EXPECT_NEAR(results.benchmarks[0].ratio, 2.0, 0.05);
}

TEST_F(SequentialMeasurement, DecidedBenchmarksStopRunningWhileOthersContinue) {
  FakeBenchmarkRunner runner({"BM_Flat", "BM_Noisy"},
                             [](const std::string& name, bool head, int k) {
                               double noise = name == "BM_Noisy" ? 0.2 : 0.002;
                               return 1000.0 * (1.0 + noise * wobble(k, head ? 2.0 : 0.0));
                             });
  auto outcome = measure(runner);
  EXPECT_EQ(find(outcome, "BM_Flat").decision, StopDecision::kStopSame);
  EXPECT_EQ(runner.runs("BM_Flat", true), 11);
  const auto& noisy = find(outcome, "BM_Noisy");
  EXPECT_EQ(noisy.decision, StopDecision::kStopInconclusive);
  EXPECT_EQ(noisy.analysis.rounds, 20);  // measured to the last look
  EXPECT_EQ(runner.runs("BM_Noisy", true), 21);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  EXPECT_EQ(results.benchmarks[1].verdict, Verdict::kInconclusive);
  EXPECT_NE(results.benchmarks[1].reason.find("straddles"), std::string::npos);
}

TEST_F(SequentialMeasurement, AFlukeThatDoesNotRepeatIsNotConfirmed) {
  // Slow in the primary stage only (the first 11 head runs), then identical.
  FakeBenchmarkRunner runner({"BM_Fluke"}, [](const std::string&, bool head, int k) {
    double factor = head && k < 11 ? 1.5 : 1.0;
    return 1000.0 * factor * (1.0 + 0.005 * wobble(k, head ? 1.0 : 0.0));
  });
  auto outcome = measure(runner);
  const auto& fluke = find(outcome, "BM_Fluke");
  EXPECT_EQ(fluke.decision, StopDecision::kStopRegression);
  ASSERT_TRUE(fluke.confirmation);
  EXPECT_FALSE(fluke.confirmation->confirmed);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  EXPECT_EQ(results.benchmarks[0].verdict, Verdict::kInconclusive);
  EXPECT_NE(results.benchmarks[0].reason.find("NOT confirmed"), std::string::npos);
}

TEST_F(SequentialMeasurement, ImprovementsAreConfirmedTooAndFlukesAreNot) {
  FakeBenchmarkRunner runner(
      {"BM_Faster", "BM_FlukeFaster"}, [](const std::string& name, bool head, int k) {
        double factor = !head ? 1.0 : name == "BM_Faster" ? 0.5 : (k < 11 ? 0.6 : 1.0);
        return 1000.0 * factor * (1.0 + 0.005 * wobble(k, head ? 1.0 : 0.0));
      });
  auto outcome = measure(runner);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  ASSERT_EQ(results.benchmarks.size(), 2u);
  EXPECT_EQ(results.benchmarks[0].verdict, Verdict::kImprovement);
  ASSERT_TRUE(results.benchmarks[0].confirmation);
  EXPECT_TRUE(results.benchmarks[0].confirmation->confirmed);
  EXPECT_EQ(results.benchmarks[1].verdict, Verdict::kInconclusive);
  EXPECT_NE(results.benchmarks[1].reason.find("NOT confirmed"), std::string::npos);
}

TEST_F(SequentialMeasurement, ModerateRealRegressionIsDecidedAtTheLastLookByItsEstimate) {
  // +8% with 3% noise: never clearly beyond +5% early, but the final estimate is.
  FakeBenchmarkRunner runner({"BM_Moderate"}, [](const std::string&, bool head, int k) {
    return 1000.0 * (head ? 1.08 : 1.0) * (1.0 + 0.03 * wobble(k, head ? 2.5 : 0.0));
  });
  auto outcome = measure(runner);
  const auto& moderate = find(outcome, "BM_Moderate");
  EXPECT_EQ(moderate.decision, StopDecision::kStopRegression);
  EXPECT_GT(moderate.analysis.ratio, 1.05);
}

TEST_F(SequentialMeasurement, BudgetStopsThePrimaryStage) {
  plan_.schedule.looks = {10, 1000};
  plan_.budget = std::chrono::seconds(1);
  FakeBenchmarkRunner runner({"BM_Noisy"}, [](const std::string&, bool head, int k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return 1000.0 * (1.0 + 0.2 * wobble(k, head ? 2.0 : 0.0));
  });
  auto outcome = measure(runner);
  EXPECT_TRUE(outcome.budget_exhausted);
  EXPECT_LT(outcome.primary_rounds, 1000);
  const auto& noisy = find(outcome, "BM_Noisy");
  EXPECT_TRUE(noisy.stopped_by_budget);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  ASSERT_FALSE(results.warnings.empty());
  EXPECT_NE(results.warnings.back().find("--budget"), std::string::npos);
}

// A head that skips what the base measured (SkipWithMessage: "needs AVX-512") has made it gone,
// with the skip as its reason; what both sides skip has nothing to compare and no row.
TEST_F(SequentialMeasurement, ABenchmarkTheHeadSkipsIsGoneWithTheSkipAsItsReason) {
  FakeBenchmarkRunner runner({"BM_Kept", "BM_Dodged", "BM_NowRuns", "BM_NeverRuns"},
                             [](const std::string& name, bool head, int k) {
                               if (name == "BM_NeverRuns" || (name == "BM_Dodged" && head) ||
                                   (name == "BM_NowRuns" && !head)) {
                                 return std::nan("");
                               }
                               return 1000.0 * (1.0 + 0.005 * wobble(k, head ? 0.5 : 0.0));
                             });
  auto outcome = measure(runner);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  ASSERT_EQ(results.benchmarks.size(), 3u);  // no BM_NeverRuns
  auto row = [&](const std::string& name) -> const report::BenchmarkResult& {
    for (const auto& r : results.benchmarks) {
      if (r.name == name) return r;
    }
    throw std::runtime_error("no row for " + name);
  };
  EXPECT_EQ(row("BM_Kept").verdict, Verdict::kSame);
  EXPECT_EQ(row("BM_Dodged").verdict, Verdict::kGone);
  EXPECT_EQ(row("BM_Dodged").reason, "the head skipped it: needs AVX-512");
  EXPECT_EQ(row("BM_NowRuns").verdict, Verdict::kNew);
  EXPECT_EQ(row("BM_NowRuns").reason, "the base skipped it: needs AVX-512");
}

TEST_F(SequentialMeasurement, TooFewRoundsWarnWithTheFix) {
  plan_.schedule.looks = {5};
  FakeBenchmarkRunner runner({"BM_Slow"}, [](const std::string&, bool head, int k) {
    return 1000.0 * (head ? 2.0 : 1.0) * (1.0 + 0.01 * wobble(k, 0.0));
  });
  auto outcome = measure(runner);
  auto results = to_benchmark_results(outcome, plan_, config::GateConfig{});
  ASSERT_FALSE(results.warnings.empty());
  EXPECT_NE(results.warnings[0].find("only 5 rounds"), std::string::npos);
  EXPECT_NE(results.benchmarks[0].verdict, Verdict::kRegression)
      << results.benchmarks[0].reason << " p=" << results.benchmarks[0].p_value;  // 2/2^5 > alpha
}

TEST(GateEvaluateLook, AdjustsPValuesAcrossTheExaminedBenchmarks) {
  bench::SampleSet samples;
  for (const char* name : {"BM_A", "BM_B"}) {
    bench::BenchmarkSamples b;
    b.suite = "core";
    b.name = name;
    b.gated_metric = "real_time";
    b.in_base = b.in_head = true;
    for (int i = 0; i < 12; ++i) {
      b.metrics["real_time"].base.push_back(100.0);
      b.metrics["real_time"].head.push_back(
          std::string(name) == "BM_A" ? 200.0 + i : 100.0 + (i % 2 ? 1 : -1) * i);
    }
    samples.benchmarks.push_back(b);
  }
  config::Thresholds thresholds;
  auto results =
      evaluate_look(samples, {{"core", "BM_A"}, {"core", "BM_B"}}, thresholds, 0.05, false);
  ASSERT_EQ(results.size(), 2u);
  // BM_A: all 12 log ratios positive: exact p = 2/2^12; BH with m = 2 doubles the smaller p-value
  // only when it is the larger rank: here p_(1) * 2 / 1.
  EXPECT_NEAR(results[0].analysis.p_value, 2.0 / 4096.0, 1e-12);
  EXPECT_NEAR(results[0].p_adjusted, std::min(1.0, 2.0 * 2.0 / 4096.0), 1e-12);
  EXPECT_EQ(results[0].decision, StopDecision::kStopRegression);
  EXPECT_GE(results[1].p_adjusted, results[1].analysis.p_value);
}

}  // namespace
}  // namespace perfwarden::gate
