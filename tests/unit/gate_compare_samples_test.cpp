#include <gtest/gtest.h>

#include <cmath>

#include "gate/compare_samples.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;

// A benchmark whose head/base ratio per round is ratio * (1 + jitter[i]).
bench::BenchmarkSamples scripted(const std::string& name, double ratio, int rounds,
                                 double jitter = 0.01) {
  bench::BenchmarkSamples b;
  b.suite = "core";
  b.name = name;
  b.gated_metric = "real_time";
  b.in_base = b.in_head = true;
  auto& series = b.metrics["real_time"];
  for (int i = 0; i < rounds; ++i) {
    double wobble = jitter * std::sin(1.7 * i + 0.3);  // deterministic, symmetric-ish noise
    double base = 1000.0 * (1.0 + 0.02 * std::cos(0.9 * i));
    series.base.push_back(base);
    series.head.push_back(base * ratio * (1.0 + wobble));
  }
  return b;
}

bench::SampleSet sample_set(std::vector<bench::BenchmarkSamples> benchmarks, int rounds) {
  bench::SampleSet set;
  set.benchmarks = std::move(benchmarks);
  set.rounds = rounds;
  return set;
}

TEST(GateCompareSamples, ClearSlowdownIsARegressionAndIdenticalIsSame) {
  config::Thresholds thresholds;
  auto result =
      compare_samples(sample_set({scripted("BM_Slow", 2.0, 12), scripted("BM_Flat", 1.0, 12)}, 12),
                      thresholds, 0.05);
  ASSERT_EQ(result.benchmarks.size(), 2u);
  const auto& slow = result.benchmarks[0];
  EXPECT_EQ(slow.verdict, Verdict::kRegression);
  EXPECT_NEAR(slow.ratio, 2.0, 0.03);
  EXPECT_LT(slow.ci_low, slow.ratio);
  EXPECT_GT(slow.ci_high, slow.ratio);
  EXPECT_GT(slow.ci_low, 1.9);
  EXPECT_EQ(slow.rounds, 12);
  // 12 positive differences: exact two-sided p = 2 / 2^12.
  EXPECT_NEAR(slow.p_value, 2.0 / 4096.0, 1e-12);
  EXPECT_EQ(result.benchmarks[1].verdict, Verdict::kSame);
  EXPECT_TRUE(result.warnings.empty());
}

TEST(GateCompareSamples, ClearSpeedupIsAnImprovement) {
  auto result = compare_samples(sample_set({scripted("BM_Fast", 0.5, 12)}, 12), {}, 0.05);
  EXPECT_EQ(result.benchmarks[0].verdict, Verdict::kImprovement);
}

TEST(GateCompareSamples, PerBenchmarkThresholdApplies) {
  config::Thresholds thresholds;
  thresholds.per_benchmark.push_back({"BM_Noisy.*", 0.50});
  auto result = compare_samples(sample_set({scripted("BM_Noisy", 1.2, 12)}, 12), thresholds, 0.05);
  EXPECT_DOUBLE_EQ(result.benchmarks[0].threshold, 0.50);
  EXPECT_EQ(result.benchmarks[0].verdict, Verdict::kSame);
}

TEST(GateCompareSamples, NoisyModestChangeIsInconclusiveNotSilentlyPassed) {
  auto result = compare_samples(sample_set({scripted("BM_Noisy", 1.06, 12, 0.15)}, 12), {}, 0.05);
  EXPECT_EQ(result.benchmarks[0].verdict, Verdict::kInconclusive);
  EXPECT_NE(result.benchmarks[0].reason.find("straddles"), std::string::npos);
}

TEST(GateCompareSamples, MissingSidesAreNewAndGone) {
  auto only_head = scripted("BM_New", 1.0, 4);
  only_head.in_base = false;
  only_head.metrics["real_time"].base.clear();
  auto only_base = scripted("BM_Gone", 1.0, 4);
  only_base.in_head = false;
  only_base.metrics["real_time"].head.clear();
  auto result = compare_samples(sample_set({only_head, only_base}, 4), {}, 0.05);
  EXPECT_EQ(result.benchmarks[0].verdict, Verdict::kNew);
  EXPECT_EQ(result.benchmarks[1].verdict, Verdict::kGone);
}

TEST(GateCompareSamples, TooFewRoundsWarnWithTheFix) {
  auto result = compare_samples(sample_set({scripted("BM_Slow", 2.0, 5)}, 5), {}, 0.05);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("only 5 rounds"), std::string::npos);
  EXPECT_NE(result.warnings[0].find("--rounds"), std::string::npos);
  // 2/2^5 = 0.0625 > 0.05: cannot be significant, so never a regression.
  EXPECT_NE(result.benchmarks[0].verdict, Verdict::kRegression);
}

TEST(GateCompareSamples, BenjaminiHochbergAdjustsAcrossBenchmarks) {
  auto result = compare_samples(
      sample_set({scripted("BM_A", 2.0, 12), scripted("BM_B", 1.0, 12, 0.05)}, 12), {}, 0.05);
  EXPECT_GE(result.benchmarks[0].p_adjusted, result.benchmarks[0].p_value);
  EXPECT_GE(result.benchmarks[1].p_adjusted, result.benchmarks[1].p_value);
}

}  // namespace
}  // namespace perfwarden::gate
