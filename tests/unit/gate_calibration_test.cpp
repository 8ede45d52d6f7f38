#include <gtest/gtest.h>

#include <cmath>

#include "gate/calibration.h"
#include "report/calibration_report.h"
#include "stats/power.h"

namespace perfwarden::gate {
namespace {

TEST(GateCalibration, QuietBenchmarkGetsTheFloorThresholdAndIsGated) {
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(1000.0 * (1 + 0.001 * std::sin(i)));
    b.push_back(1000.0 * (1 + 0.001 * std::cos(i)));
  }
  auto c = calibrate_benchmark("core", "BM_Quiet", "real_time", a, b, 0.03, 20, 0.95);
  EXPECT_EQ(c.rounds, 20);
  EXPECT_LT(c.paired_cv, 0.002);
  EXPECT_DOUBLE_EQ(c.suggested_threshold, 0.01);
  EXPECT_FALSE(c.advisory);
  // Catches from just above the threshold: 3% plus 1.645 standard errors of a tiny noise.
  EXPECT_GT(c.detectable, 0.03);
  EXPECT_LT(c.detectable, 0.032);
}

TEST(GateCalibration, FiguresFollowTheNoiseModel) {
  // Alternating +-5% log ratios: sd of the 20 log ratios is known exactly.
  std::vector<double> a(20, 1000.0), b;
  std::vector<double> logs;
  for (int i = 0; i < 20; ++i) {
    double r = i % 2 ? 0.05 : -0.05;
    logs.push_back(r);
    b.push_back(1000.0 * std::exp(r));
  }
  double mean = 0;
  for (double l : logs) mean += l / 20;
  double ss = 0;
  for (double l : logs) ss += (l - mean) * (l - mean);
  double sd = std::sqrt(ss / 19);
  auto c = calibrate_benchmark("core", "BM_Noisy", "real_time", a, b, 0.03, 20, 0.95);
  EXPECT_NEAR(c.paired_cv, sd, 1e-12);
  double se = stats::shift_standard_error(sd, 20);
  EXPECT_NEAR(c.detectable, std::expm1(std::log1p(0.03) + 1.6448536269514722 * se), 1e-9);
  EXPECT_NEAR(c.suggested_threshold, stats::suggested_threshold(se), 1e-12);
}

TEST(GateCalibration, VeryNoisyBenchmarksAreAdvisory) {
  std::vector<double> a(20, 1000.0), b;
  for (int i = 0; i < 20; ++i) b.push_back(1000.0 * (i % 2 ? 1.4 : 0.7));
  auto c = calibrate_benchmark("core", "BM_Wild", "real_time", a, b, 0.03, 20, 0.95);
  EXPECT_GT(c.suggested_threshold, report::kAdvisoryAbove);
  EXPECT_TRUE(c.advisory);
}

TEST(GateCalibration, ConfigFragmentEscapesNamesAndListsAdvisory) {
  report::CalibrationReport r;
  report::CalibratedBenchmark quiet;
  quiet.name = "BM_Find/4096";
  quiet.suggested_threshold = 0.015;
  report::CalibratedBenchmark wild;
  wild.name = "BM_Wild(x)";
  wild.advisory = true;
  r.benchmarks = {quiet, wild};
  auto text = report::render_calibration_config(r);
  EXPECT_NE(text.find(R"("BM_Find/4096": 0.015)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"x("BM_Wild\\(x\\)")x"), std::string::npos) << text;
}

}  // namespace
}  // namespace perfwarden::gate
