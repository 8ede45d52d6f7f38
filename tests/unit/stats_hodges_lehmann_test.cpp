#include "stats/hodges_lehmann.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "stats/wilcoxon.h"
#include "support/stats_reference_data.h"

namespace perfwarden::stats {
namespace {

using testing::depression_differences;

TEST(StatsHodgesLehmann, DepressionExampleExactInterval) {
  // The 45 Walsh averages, enumerated in Python: the 23rd is 0.46 (R's "(pseudo)median" 0.46).
  // qsignrank(0.025, 9) = 6 (P(V <= 5) = 10/512 < 0.025 <= P(V <= 6) = 14/512), so the interval
  // is [w(6), w(40)] = [0.01, 0.786] = [1.30 - 1.29, (0.952 + 0.62) / 2] with achieved confidence
  // 1 - 2 * 10/512 = 123/128. Cross-check by test inversion: the exact test rejects exactly when
  // V <= 5 or V >= 40, and V(mu) = #{Walsh averages > mu}, so the accepted mu are [w(6), w(40)).
  const ShiftEstimate hl = hodges_lehmann_one_sample(depression_differences(), 0.95);
  EXPECT_NEAR(hl.estimate, 0.46, 1e-12);
  EXPECT_NEAR(hl.lower, 0.01, 1e-12);
  EXPECT_NEAR(hl.upper, 0.786, 1e-12);
  EXPECT_EQ(hl.confidence, 123.0 / 128.0);
}

TEST(StatsHodgesLehmann, IntervalBoundsAreTheLastNonRejectedShifts) {
  // Test inversion, checked numerically: shifting the data by a bound (minus a hair) the two-sided
  // exact test at 5% must not reject; just outside, it must.
  const auto d = depression_differences();
  const ShiftEstimate hl = hodges_lehmann_one_sample(d, 0.95);
  auto p_at = [&](double mu) {
    std::vector<double> shifted;
    for (double v : d) shifted.push_back(v - mu);
    return wilcoxon_signed_rank(shifted).p_value;
  };
  EXPECT_GE(p_at(hl.lower + 1e-9), 0.05);
  EXPECT_LT(p_at(hl.lower - 1e-9), 0.05);
  EXPECT_GE(p_at(hl.upper - 1e-9), 0.05);
  EXPECT_LT(p_at(hl.upper + 1e-9), 0.05);
}

TEST(StatsHodgesLehmann, SmallSampleFallsBackToTheFullRange) {
  // n = 5: P(V <= 0) = 1/32 >= 0.025, so qsignrank gives 0 and R raises it to 1: [min, max] of the
  // Walsh averages 1 1.5 2 2 2.5 2.5 3 3 3.5 4 5.5 6 6.5 7 10 (median: the 8th, 3), achieved
  // confidence 1 - 2/32.
  const std::vector<double> x = {1.0, 2.0, 3.0, 4.0, 10.0};
  const ShiftEstimate hl = hodges_lehmann_one_sample(x, 0.95);
  EXPECT_EQ(hl.estimate, 3.0);
  EXPECT_EQ(hl.lower, 1.0);
  EXPECT_EQ(hl.upper, 10.0);
  EXPECT_EQ(hl.confidence, 0.9375);
}

TEST(StatsHodgesLehmann, SingleObservationIsDegenerate) {
  const std::vector<double> x = {2.5};
  const ShiftEstimate hl = hodges_lehmann_one_sample(x);
  EXPECT_EQ(hl.estimate, 2.5);
  EXPECT_EQ(hl.lower, 2.5);
  EXPECT_EQ(hl.upper, 2.5);
  EXPECT_EQ(hl.confidence, 0.0);
}

TEST(StatsHodgesLehmann, EmptyIsNaN) {
  const ShiftEstimate hl = hodges_lehmann_one_sample({});
  EXPECT_TRUE(std::isnan(hl.estimate));
  EXPECT_TRUE(std::isnan(hl.lower));
  EXPECT_TRUE(std::isnan(hl.upper));
  EXPECT_TRUE(std::isnan(hl.confidence));
  const std::vector<double> only_nan = {std::nan("")};
  EXPECT_TRUE(std::isnan(hodges_lehmann_one_sample(only_nan).estimate));
}

TEST(StatsHodgesLehmann, ZerosAreKept) {
  // Walsh averages of {0, 4, 0}: 0 0 0 2 2 4, median (0 + 2) / 2 = 1; dropping the zeros would
  // give 4.
  const std::vector<double> x = {0.0, 4.0, 0.0};
  EXPECT_EQ(hodges_lehmann_one_sample(x).estimate, 1.0);
}

TEST(StatsHodgesLehmann, LargeSampleInterval) {
  // n = 60, x = 1..60: M = 1830 Walsh averages symmetric about 30.5. k = floor(915 -
  // 1.959964 * sqrt(60*61*121/24)) = 648; bounds w(648) = 25.5 and w(1183) = 35.5 (enumerated in
  // Python); achieved 1 - 2 Phi((648 - 0.5 - 915) / sigma).
  std::vector<double> x;
  for (int i = 1; i <= 60; ++i) x.push_back(i);
  const ShiftEstimate hl = hodges_lehmann_one_sample(x, 0.95);
  EXPECT_EQ(hl.estimate, 30.5);
  EXPECT_EQ(hl.lower, 25.5);
  EXPECT_EQ(hl.upper, 35.5);
  EXPECT_NEAR(hl.confidence, 0.9510731772468272, 1e-13);
}

TEST(StatsHodgesLehmann, WiderConfidenceGivesWiderInterval) {
  const auto d = depression_differences();
  const ShiftEstimate narrow = hodges_lehmann_one_sample(d, 0.80);
  const ShiftEstimate wide = hodges_lehmann_one_sample(d, 0.99);
  EXPECT_LE(wide.lower, narrow.lower);
  EXPECT_GE(wide.upper, narrow.upper);
  EXPECT_EQ(wide.estimate, narrow.estimate);
  EXPECT_LE(narrow.lower, narrow.estimate);
  EXPECT_GE(narrow.upper, narrow.estimate);
}

TEST(StatsHodgesLehmann, InvalidConfidenceThrows) {
  const std::vector<double> x = {1.0, 2.0};
  EXPECT_THROW(hodges_lehmann_one_sample(x, 0.0), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_one_sample(x, 1.0), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_one_sample(x, 95.0), std::invalid_argument);
  EXPECT_THROW(hodges_lehmann_two_sample(x, x, -0.5), std::invalid_argument);
}

TEST(StatsHodgesLehmann, TwoSamplePermeabilityExample) {
  // Hollander & Wolfe (1973) p. 69 (R's ?wilcox.test two-sample example). The 50 differences
  // x_i - y_j, sorted in Python: median (w25 + w26) / 2 = 0.305. Enumerating all C(15, 5) = 3003
  // interleavings gives qwilcox(0.025, 10, 5) = 9, so the interval is [d(9), d(42)] =
  // [-0.15, 0.76] with achieved confidence 1 - 2 * P(W <= 8) = 0.96004.
  const std::vector<double> x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y = {1.15, 0.88, 0.90, 0.74, 1.21};
  const ShiftEstimate hl = hodges_lehmann_two_sample(x, y, 0.95);
  EXPECT_NEAR(hl.estimate, 0.305, 1e-12);
  EXPECT_NEAR(hl.lower, -0.15, 1e-12);
  EXPECT_NEAR(hl.upper, 0.76, 1e-12);
  EXPECT_NEAR(hl.confidence, 0.9600399600399601, 1e-15);
}

TEST(StatsHodgesLehmann, TwoSampleLargeAndEdgeCases) {
  // x = 1..60, y = -4.75..49.25: k = floor(1650 - 1.959964 * sqrt(60*55*116/12)) = 1299; bounds
  // and estimate from sorting the 3300 differences in Python.
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 1; i <= 60; ++i) x.push_back(i);
  for (int i = -5; i < 50; ++i) y.push_back(i + 0.25);
  const ShiftEstimate hl = hodges_lehmann_two_sample(x, y, 0.95);
  EXPECT_EQ(hl.estimate, 8.25);
  EXPECT_EQ(hl.lower, 1.75);
  EXPECT_EQ(hl.upper, 14.75);
  EXPECT_NEAR(hl.confidence, 0.950934513801066, 1e-13);

  EXPECT_TRUE(std::isnan(hodges_lehmann_two_sample(x, {}).estimate));
  const std::vector<double> one_x = {5.0};
  const std::vector<double> one_y = {2.0};
  const ShiftEstimate single = hodges_lehmann_two_sample(one_x, one_y);
  EXPECT_EQ(single.estimate, 3.0);
  EXPECT_EQ(single.lower, 3.0);
  EXPECT_EQ(single.upper, 3.0);
  EXPECT_EQ(single.confidence, 0.0);
}

}  // namespace
}  // namespace perfwarden::stats
