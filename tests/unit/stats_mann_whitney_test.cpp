#include "stats/mann_whitney.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rank_sum_distribution.h"

namespace perfwarden::stats {
namespace {

// Independent reference: W over all placements of m x's among m + n pooled positions.
std::vector<std::int64_t> brute_force_counts(int m, int n) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(m * n) + 1, 0);
  const int total = m + n;
  for (std::uint32_t is_x = 0; is_x < (1u << total); ++is_x) {
    if (__builtin_popcount(is_x) != m) continue;
    int w = 0;
    int ys_below = 0;
    for (int position = 0; position < total; ++position) {
      if (is_x & (1u << position)) {
        w += ys_below;
      } else {
        ++ys_below;
      }
    }
    ++counts[static_cast<std::size_t>(w)];
  }
  return counts;
}

TEST(StatsRankSumDistribution, MatchesEnumerationOfAllInterleavings) {
  for (int m = 0; m <= 7; ++m) {
    for (int n = 0; n <= 7; ++n) {
      const std::vector<std::int64_t> counts = brute_force_counts(m, n);
      std::int64_t total = 0;
      for (std::int64_t c : counts) total += c;
      const std::vector<double> pmf = rank_sum_pmf(m, n);
      ASSERT_EQ(pmf.size(), counts.size());
      std::int64_t cumulative = 0;
      for (std::size_t w = 0; w < counts.size(); ++w) {
        cumulative += counts[w];
        const double expected = static_cast<double>(cumulative) / static_cast<double>(total);
        EXPECT_NEAR(rank_sum_cdf(m, n, static_cast<int>(w)), expected, 1e-16)
            << "m = " << m << " n = " << n << " w = " << w;
        EXPECT_NEAR(pmf[w], static_cast<double>(counts[w]) / static_cast<double>(total), 1e-16);
      }
    }
  }
}

TEST(StatsRankSumDistribution, QuantileAndTails) {
  // 3003 interleavings for (10, 5); P(W >= 35) = 382/3003 (enumerated), R: 0.1272.
  EXPECT_NEAR(rank_sum_upper_tail(10, 5, 35), 382.0 / 3003.0, 1e-16);
  EXPECT_EQ(rank_sum_quantile(10, 5, 0.025), 9);
  EXPECT_LT(rank_sum_cdf(10, 5, 8), 0.025);
  EXPECT_GE(rank_sum_cdf(10, 5, 9), 0.025);
  EXPECT_EQ(rank_sum_quantile(4, 4, 0.5), 8);  // symmetric about 8: P(W <= 7) < 1/2 <= P(W <= 8)
  EXPECT_EQ(rank_sum_quantile(4, 4, 0.0), 0);
  EXPECT_EQ(rank_sum_quantile(4, 4, 1.0), 16);
  EXPECT_EQ(rank_sum_cdf(4, 4, -1), 0.0);
  EXPECT_EQ(rank_sum_cdf(4, 4, 16), 1.0);
  // 49 x 49 (the largest exact case): P(W <= 0) = 1 / C(98, 49) = 1 /
  // 25477612258980856902730428600.
  EXPECT_NEAR(rank_sum_cdf(49, 49, 0) * 25477612258980856902730428600.0, 1.0, 1e-12);
  EXPECT_THROW(rank_sum_cdf(-1, 3, 0), std::invalid_argument);
  EXPECT_THROW(rank_sum_quantile(3, 3, 2.0), std::invalid_argument);
}

TEST(StatsMannWhitney, PermeabilityExampleExact) {
  // Hollander & Wolfe (1973) p. 69, R's ?wilcox.test: wilcox.test(x, y, alternative = "g") prints
  // W = 35, p-value = 0.1272; that is 382/3003 by enumeration. Two-sided doubles it.
  const std::vector<double> x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y = {1.15, 0.88, 0.90, 0.74, 1.21};
  const RankSumTest greater = mann_whitney_u(x, y, Alternative::kGreater);
  EXPECT_EQ(greater.statistic, 35.0);
  EXPECT_TRUE(greater.exact);
  EXPECT_NEAR(greater.p_value, 382.0 / 3003.0, 1e-16);

  const RankSumTest two_sided = mann_whitney_u(x, y);
  EXPECT_EQ(two_sided.statistic, 35.0);
  EXPECT_NEAR(two_sided.p_value, 764.0 / 3003.0, 1e-15);
  // "less": P(W <= 35) = 2693/3003 by the same enumeration.
  EXPECT_NEAR(mann_whitney_u(x, y, Alternative::kLess).p_value, 2693.0 / 3003.0, 1e-15);

  // Swapping the samples gives W' = n_x n_y - W = 15 and the same two-sided p.
  const RankSumTest swapped = mann_whitney_u(y, x);
  EXPECT_EQ(swapped.statistic, 15.0);
  EXPECT_NEAR(swapped.p_value, 764.0 / 3003.0, 1e-15);
  EXPECT_NEAR(mann_whitney_u(y, x, Alternative::kLess).p_value, 382.0 / 3003.0, 1e-16);
}

TEST(StatsMannWhitney, CompleteSeparationSmallestPValue) {
  // Every x above every y with 5 and 5: W = 25, p = 2 / C(10, 5) = 2/252.
  const std::vector<double> x = {6, 7, 8, 9, 10};
  const std::vector<double> y = {1, 2, 3, 4, 5};
  const RankSumTest test = mann_whitney_u(x, y);
  EXPECT_EQ(test.statistic, 25.0);
  EXPECT_NEAR(test.p_value, 2.0 / 252.0, 1e-17);
}

TEST(StatsMannWhitney, TiesUseCorrectedNormalApproximation) {
  // Pooled sorted: 1x 2x 2x 2y 3x 3y 3y 4y 5x 6y 7y; mid-ranks of x: 1, 3, 3, 6, 9, so
  // W = 22 - 15 = 7. Two tie groups of 3: T = 48, sigma^2 = 30/12 * (12 - 48/110),
  // z = (7 - 15 + 0.5) / sigma. Reference: R's formula evaluated in Python with math.erfc.
  const std::vector<double> x = {1.0, 2.0, 2.0, 3.0, 5.0};
  const std::vector<double> y = {2.0, 3.0, 3.0, 4.0, 6.0, 7.0};
  const RankSumTest test = mann_whitney_u(x, y);
  EXPECT_EQ(test.statistic, 7.0);
  EXPECT_FALSE(test.exact);
  EXPECT_NEAR(test.p_value, 0.16304505585423731, 1e-15);
}

TEST(StatsMannWhitney, FiftyValuesUseNormalApproximation) {
  // x = 1..60, y = 10.5..69.5: W = 1275; reference from the R formula in Python.
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 1; i <= 60; ++i) x.push_back(i);
  for (int i = 10; i < 70; ++i) y.push_back(i + 0.5);
  const RankSumTest test = mann_whitney_u(x, y);
  EXPECT_EQ(test.statistic, 1275.0);
  EXPECT_FALSE(test.exact);
  EXPECT_NEAR(test.p_value, 0.005906794153805787, 1e-15);
}

TEST(StatsMannWhitney, EdgeCasesGiveNoEvidence) {
  const std::vector<double> x = {1.0, 2.0};
  const RankSumTest empty = mann_whitney_u(x, {});
  EXPECT_EQ(empty.statistic, 0.0);
  EXPECT_EQ(empty.p_value, 1.0);
  EXPECT_FALSE(empty.exact);

  const std::vector<double> same = {3.0, 3.0, 3.0};
  const RankSumTest all_tied = mann_whitney_u(same, same);
  EXPECT_EQ(all_tied.statistic, 4.5);
  EXPECT_EQ(all_tied.p_value, 1.0);

  const std::vector<double> with_nan = {0.80, std::nan(""), 0.83};
  const std::vector<double> y = {0.5};
  const RankSumTest dropped = mann_whitney_u(with_nan, y);
  EXPECT_EQ(dropped.statistic, 2.0);
  // Sizes 2 and 1, W = 2 = n_x n_y: P(W' >= 2) = 1/3, two-sided 2/3.
  EXPECT_NEAR(dropped.p_value, 2.0 / 3.0, 1e-16);
  EXPECT_TRUE(dropped.exact);
}

}  // namespace
}  // namespace perfwarden::stats
