#include "stats/student_t.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace perfwarden::stats {
namespace {

// Reference values: the closed forms of the t distribution for 1, 2 and 4 degrees of freedom
// (two-sided p = 1 - 2/pi atan|t|; 1 - |t|/sqrt(2 + t^2); 1 - |t|(t^2 + 6)/(t^2 + 4)^(3/2)),
// and elsewhere mpmath's betainc (40 digits) of I_x(df/2, 1/2), x = df/(df + t^2), the same
// quantity as R's 2 * pt(-|t|, df).

TEST(StatsStudentT, ClosedFormsForOneTwoAndFourDegreesOfFreedom) {
  EXPECT_NEAR(student_t_two_sided_p(1.0, 1.0), 0.5, 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(std::sqrt(3.0), 1.0), 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(-7.0, 1.0), 1.0 - 2.0 / std::numbers::pi * std::atan(7.0),
              1e-15);
  EXPECT_NEAR(student_t_two_sided_p(1.0, 2.0), 1.0 - 1.0 / std::sqrt(3.0), 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(std::sqrt(2.0), 2.0), 1.0 - std::sqrt(2.0) / 2.0, 1e-15);
  const double t = 10.0 * std::sqrt(1.5);  // the step of ChangePoints' clean step, below
  const double four = 1.0 - t * (t * t + 6.0) / std::pow(t * t + 4.0, 1.5);
  EXPECT_NEAR(student_t_two_sided_p(t, 4.0), four, 1e-15);
  EXPECT_NEAR(student_t_two_sided_p(t, 4.0), 0.0002552167494419267413, 1e-17);
}

TEST(StatsStudentT, AgreesWithHighPrecisionValues) {
  EXPECT_NEAR(student_t_two_sided_p(2.228138851986, 10.0), 0.050000000000023290413, 1e-14);
  EXPECT_NEAR(student_t_two_sided_p(1.0, 30.0), 0.32530861542602989123, 1e-14);
  EXPECT_NEAR(student_t_two_sided_p(0.7, 2.5), 0.5434049431895480547, 1e-14);
  // Small p-values keep their relative accuracy (the continued fraction, not 1 - x).
  EXPECT_NEAR(student_t_two_sided_p(4.0, 100.0) / 0.0001215236443007616772, 1.0, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(40.0, 3.0) / 0.000034380680789158528283, 1.0, 1e-12);
  EXPECT_NEAR(student_t_two_sided_p(10.0 * std::sqrt(3.0), 6.0) / 2.3733345438962487488e-6, 1.0,
              1e-12);
}

TEST(StatsStudentT, CdfIsSymmetricAndHandlesTheEdges) {
  EXPECT_EQ(student_t_cdf(0.0, 5.0), 0.5);
  EXPECT_NEAR(student_t_cdf(1.0, 1.0), 0.75, 1e-15);
  EXPECT_NEAR(student_t_cdf(-1.0, 1.0), 0.25, 1e-15);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(student_t_cdf(inf, 3.0), 1.0);
  EXPECT_EQ(student_t_cdf(-inf, 3.0), 0.0);
  EXPECT_EQ(student_t_two_sided_p(1e200, 3.0), 0.0);  // t^2 overflows
  EXPECT_TRUE(std::isnan(student_t_cdf(std::nan(""), 3.0)));
  EXPECT_TRUE(std::isnan(student_t_cdf(1.0, 0.0)));
}

TEST(StatsStudentT, PooledTwoSampleTest) {
  // x = 1, 2, 3 and y = 4, 5, 6: means 2 and 5, each variance 1, so s_pooled = 1 and
  // t = 3 / sqrt(2/3) = 3.6742346141747671; p (df 4) = 0.021311641128756725847 (mpmath).
  const std::vector<double> x = {1, 2, 3}, y = {4, 5, 6};
  const TTestResult r = pooled_t_test(x, y);
  EXPECT_DOUBLE_EQ(r.t, 3.0 / std::sqrt(2.0 / 3.0));
  EXPECT_EQ(r.df, 4.0);
  EXPECT_NEAR(r.p_value, 0.021311641128756725847, 1e-15);
  // Unequal sizes: squares 5 and 2 over df 5, t = 3.5 / sqrt(1.4 (1/4 + 1/3)) = sqrt(15).
  const std::vector<double> a = {100, 102, 99, 101}, b = {103, 105, 104};
  const TTestResult unequal = pooled_t_test(a, b);
  EXPECT_DOUBLE_EQ(unequal.t, std::sqrt(15.0));
  EXPECT_NEAR(unequal.p_value, 0.011724811003954637785, 1e-15);
  EXPECT_DOUBLE_EQ(pooled_t_test(y, x).t, -r.t);
}

TEST(StatsStudentT, PooledTestEdgeCases) {
  const std::vector<double> empty, one = {1.0}, two = {1.0, 2.0}, ones = {3.0, 3.0},
                                   fours = {4.0, 4.0, 4.0};
  EXPECT_EQ(pooled_t_test(empty, two).p_value, 1.0);
  EXPECT_EQ(pooled_t_test(one, one).p_value, 1.0);  // df 0: no evidence
  EXPECT_EQ(pooled_t_test(one, one).t, 0.0);
  // Constant sides: a deterministic change is certain, no change is none.
  const TTestResult moved = pooled_t_test(ones, fours);
  EXPECT_EQ(moved.p_value, 0.0);
  EXPECT_EQ(moved.t, std::numeric_limits<double>::infinity());
  EXPECT_EQ(pooled_t_test(fours, ones).t, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(pooled_t_test(ones, ones).p_value, 1.0);
  // One value against two: t = (1.5 - 1) / sqrt(0.5 * 1.5), df 1, p = 1 - 2/pi atan(1/sqrt(3))
  // = 2/3.
  EXPECT_NEAR(pooled_t_test(one, two).p_value, 2.0 / 3.0, 1e-15);
}

}  // namespace
}  // namespace perfwarden::stats
