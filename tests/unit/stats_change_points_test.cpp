#include "stats/change_points.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "stats/student_t.h"

namespace perfwarden::stats {
namespace {

// Reference values worked by hand from the definitions in change_points.h (sums of absolute
// differences, the pooled t statistic), with the p-values of student_t's closed forms or its
// mpmath references; every series was also run through an independent brute-force
// transcription (O(n^4) over every tau and kappa, mpmath for the t distribution), which agrees.

using Values = std::vector<double>;

TEST(StatsChangePoints, EDivisiveQByHand) {
  // x = {0, 0}, y = {1, 1}: between = 4, no spread within: q = 2/4 * 4 = 2.
  EXPECT_DOUBLE_EQ(e_divisive_q(Values{0, 0}, Values{1, 1}), 2.0);
  // x = {0}, y = {0, 1, 1}: 2/4 * 2 - 2*1/(4*2) * 2 = 1 - 0.5.
  EXPECT_DOUBLE_EQ(e_divisive_q(Values{0}, Values{0, 1, 1}), 0.5);
  // x = {1, 2}, y = {4}: 2/3 * (3 + 2) - 2*1/(3*1) * 1 = 10/3 - 2/3.
  EXPECT_DOUBLE_EQ(e_divisive_q(Values{1, 2}, Values{4}), 8.0 / 3.0);
  // The clean step below: between = 90, within 4 on each side: 30 - 0.5*4 - 0.5*4.
  EXPECT_DOUBLE_EQ(e_divisive_q(Values{1, 2, 3}, Values{11, 12, 13}), 26.0);
  EXPECT_EQ(e_divisive_q(Values{}, Values{1, 2}), 0.0);
}

TEST(StatsChangePoints, BestSplitSearchesTauAndKappa) {
  // [0, 0, 1, 1]: every (tau, kappa) by hand: (1,2) 0, (1,3) 0, (1,4) 0.5, (2,3) 4/3, (2,4) 2,
  // (3,4) 0.5.
  const Values steps = {0, 0, 1, 1};
  auto split = best_split(steps, 0, steps.size());
  ASSERT_TRUE(split);
  EXPECT_EQ(split->index, 2u);
  EXPECT_EQ(split->end, 4u);
  EXPECT_DOUBLE_EQ(split->q, 2.0);
  // [1, 2, 3]: (1,3) and (2,3) tie at 4/3: the smaller tau wins.
  const Values ramp = {1, 2, 3};
  split = best_split(ramp, 0, 3);
  ASSERT_TRUE(split);
  EXPECT_EQ(split->index, 1u);
  EXPECT_EQ(split->end, 3u);
  EXPECT_DOUBLE_EQ(split->q, 4.0 / 3.0);
  // A sub-segment reports indices of the whole series.
  const Values two_steps = {100, 101, 99, 100, 110, 111, 109, 110, 100, 99, 101, 100};
  split = best_split(two_steps, 4, 12);
  ASSERT_TRUE(split);
  EXPECT_EQ(split->index, 8u);
  EXPECT_DOUBLE_EQ(split->q, 36.0);
  EXPECT_FALSE(best_split(ramp, 0, 1));
  EXPECT_FALSE(best_split(Values{}, 0, 0));
}

TEST(StatsChangePoints, CleanStepUpFoundAtItsIndex) {
  // Split: q = 26 at tau 3 (kappa 6); t = 10 / sqrt(1 * (1/3 + 1/3)) = 10 sqrt(1.5), df 4,
  // p = 0.000255 (closed form for df 4). Next: [1, 2, 3] splits at 1 with left {1} against
  // {2, 3}, t = 1.5 / sqrt(0.5 * 1.5) = sqrt(3), df 1, p = 1/3: above 0.01, splitting stops.
  const Values series = {1, 2, 3, 11, 12, 13};
  const auto points = detect_change_points(series);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].index, 3u);
  EXPECT_DOUBLE_EQ(points[0].q, 26.0);
  EXPECT_DOUBLE_EQ(points[0].mean_before, 2.0);
  EXPECT_DOUBLE_EQ(points[0].mean_after, 12.0);
  EXPECT_DOUBLE_EQ(points[0].ratio(), 6.0);
  EXPECT_DOUBLE_EQ(points[0].t, 10.0 * std::sqrt(1.5));
  EXPECT_EQ(points[0].df, 4.0);
  EXPECT_NEAR(points[0].p_value, 0.0002552167494419267413, 1e-17);
  EXPECT_DOUBLE_EQ(points[0].magnitude(), 5.0);  // max(12/2 - 1, 1 - 2/12)
}

TEST(StatsChangePoints, PureNoiseGivesNone) {
  // The best split is tau 5 against the single 98 (kappa 6): q = 17/6, t = -2.4 / sqrt(1.3 *
  // 1.2) = -1.9215, df 4, p = 0.127: not even weakly significant.
  const Values noise = {100, 102, 99, 101, 100, 98, 101, 100, 99, 102};
  auto split = best_split(noise, 0, noise.size());
  ASSERT_TRUE(split);
  EXPECT_EQ(split->index, 5u);
  EXPECT_EQ(split->end, 6u);
  EXPECT_DOUBLE_EQ(split->q, 17.0 / 6.0);
  EXPECT_TRUE(detect_change_points(noise).empty());
}

TEST(StatsChangePoints, TwoStepsBothFound) {
  // Up by 10 at 4, down by 10 at 8, noise +-1. The first split is (tau 4, kappa 8), q = 36:
  // 2/8 * 160 - 1/3 * 6 - 1/3 * 6. Each final test is 4 values against 4 with squares 2 each:
  // t = 10 / sqrt(2/3 * 1/2) = 10 sqrt(3), df 6, p = 2.3733e-6.
  const Values series = {100, 101, 99, 100, 110, 111, 109, 110, 100, 99, 101, 100};
  const auto points = detect_change_points(series);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].index, 4u);
  EXPECT_EQ(points[1].index, 8u);
  EXPECT_DOUBLE_EQ(points[0].q, 36.0);
  EXPECT_DOUBLE_EQ(points[0].mean_before, 100.0);
  EXPECT_DOUBLE_EQ(points[0].mean_after, 110.0);
  EXPECT_DOUBLE_EQ(points[1].mean_before, 110.0);
  EXPECT_DOUBLE_EQ(points[1].mean_after, 100.0);
  EXPECT_NEAR(points[0].t, 10.0 * std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(points[1].t, -10.0 * std::sqrt(3.0), 1e-12);
  for (const auto& p : points) EXPECT_NEAR(p.p_value / 2.3733345438962487488e-6, 1.0, 1e-10);
}

TEST(StatsChangePoints, ConstantAndShortSeriesGiveNone) {
  EXPECT_TRUE(detect_change_points(Values{5, 5, 5, 5, 5}).empty());
  EXPECT_TRUE(detect_change_points(Values{}).empty());
  EXPECT_TRUE(detect_change_points(Values{7}).empty());
  EXPECT_TRUE(detect_change_points(Values{1, 100}).empty());  // no degree of freedom
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(detect_change_points(Values{1, 1, 1, nan, 9, 9, 9}).empty());
}

TEST(StatsChangePoints, DeterministicStepIsCertain) {
  // Instruction counts do not vary: two constant levels are a change with p = 0.
  const auto points = detect_change_points(Values{618, 618, 618, 640, 640, 640});
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].index, 3u);
  EXPECT_EQ(points[0].p_value, 0.0);
  // The newest refresh alone may be the new level.
  const auto last = detect_change_points(Values{618, 618, 618, 618, 640});
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].index, 4u);
}

TEST(StatsChangePoints, MergeAppliesTheLevelAndTheMagnitude) {
  const Values series = {1, 2, 3, 11, 12, 13};
  // p = 0.000255: weakly significant at 10 x 1e-4 in the split, removed by the merge at 1e-4.
  EXPECT_TRUE(detect_change_points(series, {.max_p_value = 1e-4}).empty());
  EXPECT_EQ(detect_change_points(series, {.max_p_value = 3e-4}).size(), 1u);
  EXPECT_TRUE(detect_change_points(series, {.min_magnitude = 5.5}).empty());
  EXPECT_EQ(detect_change_points(series, {.min_magnitude = 4.5}).size(), 1u);
}

TEST(StatsChangePoints, SameValuesSameAnswer) {
  const Values series = {100, 101, 99, 100, 110, 111, 109, 110, 100, 99, 101, 100};
  const auto first = detect_change_points(series);
  for (int i = 0; i < 3; ++i) {
    const auto again = detect_change_points(series);
    ASSERT_EQ(again.size(), first.size());
    for (std::size_t k = 0; k < first.size(); ++k) {
      EXPECT_EQ(again[k].index, first[k].index);
      EXPECT_EQ(again[k].p_value, first[k].p_value);
    }
  }
}

}  // namespace
}  // namespace perfwarden::stats
