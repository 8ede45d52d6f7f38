#pragma once

// Student's t distribution and the two-sample t-test with a pooled variance (R's
// `t.test(x, y, var.equal = TRUE)`): the significance test Hunter puts on an E-divisive split
// (stats/change_points.h). Closed-form and deterministic, so exact values can be tested.

#include <span>

namespace perfwarden::stats {

// P(T <= t) for T ~ t(df), through the regularized incomplete beta function
// I_x(df/2, 1/2) with x = df / (df + t^2), evaluated by its continued fraction (modified
// Lentz, as Numerical Recipes' betacf); about 1e-14 relative accuracy.
// NaN for a NaN argument or df <= 0; t = +-infinity gives 1 or 0.
double student_t_cdf(double t, double df);

// P(|T| >= |t|) for T ~ t(df): the two-sided p-value of a t statistic.
double student_t_two_sided_p(double t, double df);

struct TTestResult {
  double t = 0.0;        // (mean(y) - mean(x)) / (s_pooled * sqrt(1/n_x + 1/n_y))
  double df = 0.0;       // n_x + n_y - 2
  double p_value = 1.0;  // two-sided
};

// Student's two-sample t-test, pooled variance. Edge cases, so that a caller never divides by
// zero:
// - an empty side, or fewer than 3 values in all (df < 1): no evidence, t = 0, p = 1;
// - zero pooled variance (both sides constant, as a deterministic count is): p = 0 with
//   t = +-infinity when the means differ (a change that no noise can explain), p = 1 with
//   t = 0 when they are equal.
TTestResult pooled_t_test(std::span<const double> x, std::span<const double> y);

}  // namespace perfwarden::stats
