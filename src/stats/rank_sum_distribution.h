#pragma once

// The exact null distribution of the Mann-Whitney statistic W (R's "W": the number of pairs
// (x_i, y_j) with x_i > y_j) for samples of m and n untied values. Under the null every one of the
// C(m + n, m) ways to interleave the samples is equally likely. These are R's pwilcox() /
// qwilcox().
//
// Counts come from the recurrence c(k; m, n) = c(k - n; m - 1, n) + c(k; m, n - 1) (the largest
// value is an x, or it is a y), in O(m^2 n^2 / 2) additions of positive long doubles (m = n = 49:
// ~3e6). Only additions, so the relative error stays near 1e-18 even where C(m + n, m) exceeds
// 2^64. Nothing is cached; each call recomputes.

#include <vector>

namespace perfwarden::stats {

// P(W = w) for w = 0 .. m * n. Throws std::invalid_argument if m < 0 or n < 0.
std::vector<double> rank_sum_pmf(int m, int n);

// P(W <= w) (R: pwilcox(w, m, n)). w < 0 gives 0; w >= m * n gives 1.
double rank_sum_cdf(int m, int n, int w);

// P(W >= w) (R: pwilcox(w - 1, m, n, lower.tail = FALSE)), through the symmetry W ~ m n - W.
double rank_sum_upper_tail(int m, int n, int w);

// The smallest w with P(W <= w) >= p, exactly as R's qwilcox(p, m, n) including its 10 *
// DBL_EPSILON slack. Throws std::invalid_argument if m < 0, n < 0, or p is outside [0, 1] or NaN.
int rank_sum_quantile(int m, int n, double p);

}  // namespace perfwarden::stats
