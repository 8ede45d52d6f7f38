#pragma once

// The exact null distribution of the Wilcoxon signed-rank statistic V, the sum of the ranks that
// carry a positive sign, for n untied nonzero observations. Under the null each of the 2^n sign
// patterns is equally likely, so P(V = v) = (number of subsets of {1..n} summing to v) / 2^n.
// These are R's psignrank() / qsignrank().
//
// The subset counts come from a dynamic programme over n (O(n^3) time, O(n^2) memory). Counts are
// held in long double, whose 64-bit mantissa represents them exactly up to n = 63, so for the
// sizes the tests use exactly (n < 50) every probability is correctly rounded. Larger n still
// works, with relative rounding error only; the cost is about n^3 / 6 additions (n = 200: ~1.3e6).
// Nothing is cached: each call recomputes, which keeps the functions free of shared state and is
// microseconds at the sizes that matter.

#include <vector>

namespace perfwarden::stats {

// P(V = v) for v = 0 .. n(n+1)/2. Throws std::invalid_argument if n < 0.
std::vector<double> signed_rank_pmf(int n);

// P(V <= v) (R: psignrank(v, n)). v < 0 gives 0; v >= n(n+1)/2 gives 1.
// Throws std::invalid_argument if n < 0.
double signed_rank_cdf(int n, int v);

// P(V >= v) (R: psignrank(v - 1, n, lower.tail = FALSE)), computed through the symmetry
// V ~ n(n+1)/2 - V rather than as 1 - cdf, so small upper tails keep full precision.
// Throws std::invalid_argument if n < 0.
double signed_rank_upper_tail(int n, int v);

// The smallest v with P(V <= v) >= p, exactly as R's qsignrank(p, n), including R's tolerance of
// 10 * DBL_EPSILON on p so that boundary cases agree with R. p = 0 gives 0, p = 1 gives
// n(n+1)/2. Throws std::invalid_argument if n < 0 or p is outside [0, 1] or NaN.
int signed_rank_quantile(int n, double p);

}  // namespace perfwarden::stats
