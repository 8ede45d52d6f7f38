#pragma once

// The Wilcoxon signed-rank test of "the differences are centred on zero", the paired test the gate
// applies to per-round differences (candidate - baseline). Without ties and zeros it matches R's
//   wilcox.test(x, mu = 0, alternative = ..., exact = NULL, correct = TRUE)
// exactly. With ties or zeros below 50 observations it stays exact where R falls back to the
// normal approximation (see below): at small n that approximation can report p-values smaller than
// any of the 2^n sign permutations allows (5 equal positive differences: R's p = 0.037, while the
// permutation p is 2/32 = 0.0625), which would let a gate declare significance it has not seen.

#include <span>

#include "stats/alternative.h"

namespace perfwarden::stats {

struct SignedRankTest {
  double statistic = 0.0;  // V = sum of the ranks of |d| over the positive differences
  double p_value = 1.0;
  int n = 0;           // number of finite nonzero differences that entered the test
  bool exact = false;  // p from the exact null distribution, else from the normal approximation
};

// Method, step by step as R does it:
//  * Non-finite differences (NaN, +-inf) are dropped, as R's is.finite() filter does; so are exact
//    zeros, which carry no sign.
//  * Ranks of |d| are mid-ranks (ties share their average rank).
//  * n < 50: exact. Untied: the signed-rank distribution, as R. Tied: the exact conditional
//    (permutation) distribution of V over the 2^n sign assignments of the observed mid-ranks, as
//    coin::wilcoxsign_test(distribution = "exact") in R. Two-sided: min(1, 2 * P(V' >= V)) if
//    V is above the centre, else min(1, 2 * P(V' <= V)).
//  * n >= 50: the normal approximation with tie correction and continuity correction, as R:
//    z = (V - n(n+1)/4 - c) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), where c = 0.5 * sign of the
//    numerator (two-sided), +0.5 (greater) or -0.5 (less).
// Edge case: n == 0 (empty input or all zeros) returns V = 0, p = 1, exact = false: no evidence of
// a shift. R stops with an error for empty input and returns NaN for all-zero input.
SignedRankTest wilcoxon_signed_rank(std::span<const double> differences,
                                    Alternative alternative = Alternative::kTwoSided);

}  // namespace perfwarden::stats
