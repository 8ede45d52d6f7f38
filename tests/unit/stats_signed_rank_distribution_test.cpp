#include "stats/signed_rank_distribution.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace perfwarden::stats {
namespace {

// Independent reference: count V over all 2^n sign patterns directly.
std::vector<std::int64_t> brute_force_counts(int n) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(n * (n + 1) / 2) + 1, 0);
  for (std::uint32_t signs = 0; signs < (1u << n); ++signs) {
    int v = 0;
    for (int rank = 1; rank <= n; ++rank) {
      if (signs & (1u << (rank - 1))) v += rank;
    }
    ++counts[static_cast<std::size_t>(v)];
  }
  return counts;
}

TEST(StatsSignedRankDistribution, MatchesEnumerationOfAllSignPatterns) {
  for (int n = 0; n <= 12; ++n) {
    const std::vector<std::int64_t> counts = brute_force_counts(n);
    const std::vector<double> pmf = signed_rank_pmf(n);
    ASSERT_EQ(pmf.size(), counts.size()) << "n = " << n;
    std::int64_t cumulative = 0;
    for (std::size_t v = 0; v < counts.size(); ++v) {
      cumulative += counts[v];
      const double total = std::ldexp(1.0, n);
      EXPECT_EQ(pmf[v], static_cast<double>(counts[v]) / total) << "n = " << n << " v = " << v;
      EXPECT_EQ(signed_rank_cdf(n, static_cast<int>(v)), static_cast<double>(cumulative) / total)
          << "n = " << n << " v = " << v;
    }
  }
}

TEST(StatsSignedRankDistribution, PublishedValues) {
  // R: psignrank(8, 10) = 0.02441406 (25/1024), psignrank(10, 10) = 0.04199219 (43/1024),
  // qsignrank(0.025, 10) = 9 (P(V <= 9) = 33/1024 is the first to reach 0.025).
  EXPECT_EQ(signed_rank_cdf(10, 8), 25.0 / 1024.0);
  EXPECT_EQ(signed_rank_cdf(10, 10), 43.0 / 1024.0);
  EXPECT_EQ(signed_rank_quantile(10, 0.025), 9);
  // Critical value table (e.g. Hollander & Wolfe): n = 9, P(V <= 5) = 10/512.
  EXPECT_EQ(signed_rank_cdf(9, 5), 10.0 / 512.0);
}

TEST(StatsSignedRankDistribution, ExactCountsAtSixty) {
  // Exact integers from a Python big-integer version of the same subset-sum recurrence: the middle
  // coefficient of prod_{k=1..60} (1 + x^k) and the count of sums <= 400. Long double holds them
  // exactly, so the probabilities are the correctly rounded quotients.
  const double total = std::ldexp(1.0, 60);
  EXPECT_EQ(signed_rank_pmf(60)[915], 3360682669655028.0 / total);
  EXPECT_EQ(signed_rank_cdf(60, 400), 52873228609059.0 / total);
  EXPECT_EQ(signed_rank_cdf(60, 0), 1.0 / total);
}

TEST(StatsSignedRankDistribution, UpperTailBySymmetry) {
  // P(V >= v) = P(V <= n(n+1)/2 - v); for n = 10, P(V >= 47) = P(V <= 8).
  EXPECT_EQ(signed_rank_upper_tail(10, 47), 25.0 / 1024.0);
  EXPECT_EQ(signed_rank_upper_tail(10, 0), 1.0);
  EXPECT_EQ(signed_rank_upper_tail(10, 56), 0.0);
  // A tail far below double epsilon is not lost to 1 - cdf.
  EXPECT_EQ(signed_rank_upper_tail(40, 820), std::ldexp(1.0, -40));
}

TEST(StatsSignedRankDistribution, CdfOutsideSupport) {
  EXPECT_EQ(signed_rank_cdf(10, -1), 0.0);
  EXPECT_EQ(signed_rank_cdf(10, 55), 1.0);
  EXPECT_EQ(signed_rank_cdf(10, 1000), 1.0);
  EXPECT_EQ(signed_rank_cdf(0, 0), 1.0);
}

TEST(StatsSignedRankDistribution, QuantileIsSmallestValueReachingP) {
  for (int n : {1, 5, 9, 10, 20, 49}) {
    for (double p : {0.001, 0.005, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999}) {
      const int q = signed_rank_quantile(n, p);
      EXPECT_GE(signed_rank_cdf(n, q), p - 1e-14) << "n = " << n << " p = " << p;
      EXPECT_LT(signed_rank_cdf(n, q - 1), p) << "n = " << n << " p = " << p;
    }
  }
  // Exactly at an attainable probability the value itself is returned (R's slack makes
  // qsignrank(psignrank(8, 10), 10) == 8 despite rounding).
  EXPECT_EQ(signed_rank_quantile(10, 25.0 / 1024.0), 8);
  EXPECT_EQ(signed_rank_quantile(10, 0.0), 0);
  EXPECT_EQ(signed_rank_quantile(10, 1.0), 55);
  EXPECT_EQ(signed_rank_quantile(10, 0.5), 27);  // symmetric about 27.5: P(V <= 27) = 1/2
  EXPECT_EQ(signed_rank_quantile(5, 0.025), 0);  // 1/32 >= 0.025 already at V = 0
}

TEST(StatsSignedRankDistribution, ProgrammerErrorsThrow) {
  EXPECT_THROW(signed_rank_cdf(-1, 0), std::invalid_argument);
  EXPECT_THROW(signed_rank_pmf(-3), std::invalid_argument);
  EXPECT_THROW(signed_rank_quantile(10, 1.5), std::invalid_argument);
  EXPECT_THROW(signed_rank_quantile(10, std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace perfwarden::stats
