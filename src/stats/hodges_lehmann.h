#pragma once

// Hodges-Lehmann shift estimates with their distribution-free confidence intervals: the effect
// size ("candidate is 3.1% slower, 95% CI [2.4%, 3.9%]") that accompanies the rank tests. The
// interval is the set of shifts the matching Wilcoxon test would not reject, read off as order
// statistics of the pairwise averages / differences.

#include <span>

namespace perfwarden::stats {

struct ShiftEstimate {
  double estimate;  // the Hodges-Lehmann point estimate
  double lower;     // interval bounds, lower <= estimate <= upper
  double upper;
  double confidence;  // the coverage actually achieved, >= the requested one up to rounding
};

// One sample (paired differences): the estimate is the median of the M = n(n+1)/2 Walsh averages
// (x_i + x_j) / 2, i <= j (R's "(pseudo)median").
//
// Interval, with alpha = 1 - confidence and the Walsh averages sorted as w[1..M]:
//  * n < 50: R's exact interval of wilcox.test(x, conf.int = TRUE, exact = TRUE):
//    qu = qsignrank(alpha / 2, n), raised to 1 if 0; [w[qu], w[M - qu + 1]];
//    achieved confidence 1 - 2 * psignrank(qu - 1, n). R prints the requested level unless the
//    achieved one falls short of it by more than alpha / 2; we always report the achieved level.
//  * n >= 50: the large-sample interval with k = floor(M/2 - z_{1-alpha/2} sqrt(n(n+1)(2n+1)/24)),
//    clamped to >= 1, and [w[k], w[M - k + 1]]; achieved confidence from the normal approximation
//    with continuity correction, 1 - 2 Phi((k - 1/2 - M/2) / sigma). R instead inverts the
//    approximate test numerically (uniroot), so bounds may differ slightly from R's; k never
//    exceeds the exact index (checked against qsignrank for n = 40..100), so it errs conservative.
// Unlike the test, zeros are kept (the interval is about the location of all observations); the
// exact index assumes no ties, so with ties or zeros its coverage is approximate. Non-finite values
// are dropped. Edge cases: no finite value -> all fields NaN; n == 1 -> estimate = lower = upper =
// x with achieved confidence 0 (a single observation bounds nothing). Throws std::invalid_argument
// if confidence is not strictly between 0 and 1.
ShiftEstimate hodges_lehmann_one_sample(std::span<const double> differences,
                                        double confidence = 0.95);

// Two independent samples: the estimate is the median of the n_x n_y differences x_i - y_j (R's
// "difference in location"); the interval is built the same way from the Mann-Whitney
// distribution: exact (qwilcox, as R) when both samples have fewer than 50 values, otherwise
// k = floor(M/2 - z sqrt(n_x n_y (n_x + n_y + 1) / 12)) with M = n_x n_y. Non-finite values are
// dropped; an empty sample gives NaN fields. Throws std::invalid_argument like the one-sample form.
ShiftEstimate hodges_lehmann_two_sample(std::span<const double> x, std::span<const double> y,
                                        double confidence = 0.95);

}  // namespace perfwarden::stats
