#pragma once

// The Wilcoxon rank-sum / Mann-Whitney U test for two independent samples, matching R's
//   wilcox.test(x, y, alternative = ..., exact = NULL, correct = TRUE).
// This is the "naive rule" peers apply to unpaired benchmark repetitions (Google Benchmark's
// compare.py calls scipy's mannwhitneyu); perfwarden keeps it to compare its paired gate against.

#include <span>

#include "stats/alternative.h"

namespace perfwarden::stats {

struct RankSumTest {
  double statistic = 0.0;  // W = (sum of the ranks of x in the pooled sample) - n_x (n_x + 1) / 2
  double p_value = 1.0;
  bool exact = false;  // p from the exact null distribution, else from the normal approximation
};

// Method, as R does it:
//  * Non-finite values are dropped from each sample (R's is.finite() filter).
//  * Pooled mid-ranks; W counts the pairs with x_i > y_j, ties counting one half.
//  * Exact p-value when both samples have fewer than 50 values and the pooled sample has no ties.
//    Two-sided: min(1, 2 * P(W' >= W)) if W > n_x n_y / 2, else min(1, 2 * P(W' <= W)).
//  * Otherwise the normal approximation with tie and continuity correction:
//    z = (W - n_x n_y / 2 - c) / sqrt(n_x n_y / 12 * (n_x + n_y + 1 - T / ((N)(N - 1)))), where
//    T = sum(t^3 - t) over tie groups, N = n_x + n_y and c = 0.5 * sign (two-sided), +0.5
//    (greater), -0.5 (less).
// Edge cases, where R stops or returns NaN: an empty sample (after dropping non-finite values)
// gives W = 0, p = 1; a pooled sample whose values are all equal gives p = 1 (no evidence).
RankSumTest mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative = Alternative::kTwoSided);

}  // namespace perfwarden::stats
