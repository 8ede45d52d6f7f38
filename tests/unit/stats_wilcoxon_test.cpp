#include "stats/wilcoxon.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "stats/ranks.h"
#include "support/stats_reference_data.h"

namespace perfwarden::stats {
namespace {

// The depression example (support/stats_reference_data.h): R prints V = 40, p-value = 0.03906
// (two-sided) and p-value = 0.01953 for alternative = "greater". By enumeration of the 2^9 sign
// patterns: P(V >= 40) = P(V <= 5) = 10/512, so two-sided 20/512 and "less" P(V <= 40) = 505/512.
using testing::depression_differences;

TEST(StatsWilcoxon, DepressionExampleExact) {
  const SignedRankTest test = wilcoxon_signed_rank(depression_differences());
  EXPECT_EQ(test.statistic, 40.0);
  EXPECT_EQ(test.p_value, 20.0 / 512.0);  // 0.0390625
  EXPECT_EQ(test.n, 9);
  EXPECT_TRUE(test.exact);
}

TEST(StatsWilcoxon, DepressionExampleOneSided) {
  const auto differences = depression_differences();
  EXPECT_EQ(wilcoxon_signed_rank(differences, Alternative::kGreater).p_value, 10.0 / 512.0);
  EXPECT_EQ(wilcoxon_signed_rank(differences, Alternative::kLess).p_value, 505.0 / 512.0);
  // Negating the data swaps V with n(n+1)/2 - V and the one-sided alternatives.
  std::vector<double> negated;
  for (double d : differences) negated.push_back(-d);
  const SignedRankTest mirrored = wilcoxon_signed_rank(negated);
  EXPECT_EQ(mirrored.statistic, 5.0);
  EXPECT_EQ(mirrored.p_value, 20.0 / 512.0);
  EXPECT_EQ(wilcoxon_signed_rank(negated, Alternative::kLess).p_value, 10.0 / 512.0);
}

TEST(StatsWilcoxon, ExactTwoSidedIsCappedAtOne) {
  // n = 2, V = 2 of 3: centre 1.5, P(V' >= 2) = 2/4, doubled = 1.
  const std::vector<double> d = {-1.0, 2.0};
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 2.0);
  EXPECT_EQ(test.p_value, 1.0);
  EXPECT_TRUE(test.exact);
}

TEST(StatsWilcoxon, SingleObservation) {
  // n = 1: V is 0 or 1 with probability 1/2 each; two-sided p = min(1, 2 * 1/2) = 1.
  const std::vector<double> d = {3.0};
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 1.0);
  EXPECT_EQ(test.p_value, 1.0);
  EXPECT_EQ(test.n, 1);
  EXPECT_TRUE(test.exact);
  EXPECT_EQ(wilcoxon_signed_rank(d, Alternative::kGreater).p_value, 0.5);
}

TEST(StatsWilcoxon, EmptyAndAllZerosGiveNoEvidence) {
  const SignedRankTest empty = wilcoxon_signed_rank({});
  EXPECT_EQ(empty.n, 0);
  EXPECT_EQ(empty.statistic, 0.0);
  EXPECT_EQ(empty.p_value, 1.0);
  EXPECT_FALSE(empty.exact);

  const std::vector<double> zeros = {0.0, 0.0, -0.0};
  const SignedRankTest all_zero = wilcoxon_signed_rank(zeros);
  EXPECT_EQ(all_zero.n, 0);
  EXPECT_EQ(all_zero.p_value, 1.0);
}

TEST(StatsWilcoxon, NonFiniteValuesAreDropped) {
  auto d = depression_differences();
  d.push_back(std::numeric_limits<double>::quiet_NaN());
  d.push_back(std::numeric_limits<double>::infinity());
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.n, 9);
  EXPECT_EQ(test.statistic, 40.0);
  EXPECT_EQ(test.p_value, 20.0 / 512.0);
}

// P(V' >= v), P(V' <= v) over all 2^n sign assignments of `ranks`: the permutation distribution.
std::pair<double, double> enumerate_tails(const std::vector<double>& ranks, double v) {
  const int n = static_cast<int>(ranks.size());
  double at_least = 0, at_most = 0;
  for (int mask = 0; mask < (1 << n); ++mask) {
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      if (mask & (1 << i)) sum += ranks[i];
    }
    if (sum >= v - 1e-9) ++at_least;
    if (sum <= v + 1e-9) ++at_most;
  }
  return {at_least / (1 << n), at_most / (1 << n)};
}

TEST(StatsWilcoxon, TiesAndZerosStayExactWithThePermutationDistribution) {
  // The zero is dropped (n = 9), |d| has ties {0.5, 0.5} and {2, 2, 2}. Mid-ranks of
  // |d| = 0.5 0.5 1.5 2 2 2 3 4 4.5 are 1.5 1.5 3 5 5 5 7 8 9; positive: 1.5 + 3 + 5 + 5 + 7 + 8 +
  // 9 = 38.5. Reference: brute-force enumeration of the 512 sign assignments.
  const std::vector<double> d = {1.5, -0.5, 2.0, 2.0, -2.0, 3.0, 0.0, 4.0, 4.5, 0.5};
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 38.5);
  EXPECT_EQ(test.n, 9);
  EXPECT_TRUE(test.exact);
  const std::vector<double> ranks = {1.5, 1.5, 3, 5, 5, 5, 7, 8, 9};
  auto [at_least, at_most] = enumerate_tails(ranks, 38.5);
  EXPECT_NEAR(test.p_value, std::min(1.0, 2 * at_least), 1e-15);
  EXPECT_NEAR(wilcoxon_signed_rank(d, Alternative::kGreater).p_value, at_least, 1e-15);
  EXPECT_NEAR(wilcoxon_signed_rank(d, Alternative::kLess).p_value, at_most, 1e-15);
  EXPECT_NEAR(at_least, 17.0 / 512.0, 1e-15);  // 17 of the 512 assignments reach 38.5
}

TEST(StatsWilcoxon, AllTiedSmallSampleCannotBeatThePermutationBound) {
  // Five equal positive differences: R's normal approximation says p = 0.037; the permutation
  // distribution allows nothing below 2 / 2^5.
  const std::vector<double> d(5, 0.7);
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank(d).p_value, 2.0 / 32.0);
}

TEST(StatsWilcoxon, ZerosAreDroppedAndTheRestStaysExact) {
  // Same untied data as the depression example plus one zero: the zero carries no sign, the other
  // nine keep their untied ranks, so p is the depression example's exact 20/512.
  auto d = depression_differences();
  d.push_back(0.0);
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.n, 9);
  EXPECT_TRUE(test.exact);
  EXPECT_EQ(test.p_value, 20.0 / 512.0);
}

TEST(StatsWilcoxon, FiftyObservationsSwitchToApproximation) {
  // d = +-1..+-50 with every multiple of 3 negative: no ties, but n = 50 is not exact in R.
  // V = 1275 - (3 + 6 + ... + 48) = 867; reference p from the formula in Python (math.erfc).
  std::vector<double> d;
  for (int i = 1; i <= 50; ++i) d.push_back(i % 3 == 0 ? -i : i);
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 867.0);
  EXPECT_FALSE(test.exact);
  EXPECT_NEAR(test.p_value, 0.027063492176047917, 1e-15);

  d.pop_back();  // n = 49 and untied: exact
  EXPECT_TRUE(wilcoxon_signed_rank(d).exact);
}

TEST(StatsWilcoxon, LargeSymmetricSampleHasNoEvidence) {
  // +-1..+-30: mid-ranks 2k - 1/2 for magnitude k, V = sum(2k - 1/2) = 915 = n(n+1)/4, z = 0.
  std::vector<double> d;
  for (int k = 1; k <= 30; ++k) {
    d.push_back(k);
    d.push_back(-k);
  }
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.n, 60);
  EXPECT_EQ(test.statistic, 915.0);
  EXPECT_FALSE(test.exact);
  EXPECT_EQ(test.p_value, 1.0);
}

TEST(StatsWilcoxon, LargeShiftIsDetected) {
  // 1..60 all positive: V = 1830, z = (915 - 0.5) / sqrt(60*61*121/24); p = 2 Phi(-z).
  std::vector<double> d;
  for (int i = 1; i <= 60; ++i) d.push_back(i);
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 1830.0);
  EXPECT_FALSE(test.exact);
  EXPECT_NEAR(test.p_value / 1.671328569652656e-11, 1.0, 1e-12);
}

TEST(StatsWilcoxon, SmallConsistentShiftIsExactlyTheSmallestPValue) {
  // Ten positive untied differences: V = 55 and p = 2 / 2^10, the smallest attainable.
  std::vector<double> d;
  for (int i = 1; i <= 10; ++i) d.push_back(0.01 * i);
  const SignedRankTest test = wilcoxon_signed_rank(d);
  EXPECT_EQ(test.statistic, 55.0);
  EXPECT_EQ(test.p_value, 2.0 / 1024.0);
}

TEST(StatsRanks, MidRanksAndTieTerm) {
  // R: rank(c(10, 20, 10, 30, 20, 10)) = 2 4.5 2 6 4.5 2; tie term (27 - 3) + (8 - 2) = 30.
  const std::vector<double> values = {10, 20, 10, 30, 20, 10};
  const Ranking ranking = rank_with_ties(values);
  EXPECT_EQ(ranking.ranks, (std::vector<double>{2, 4.5, 2, 6, 4.5, 2}));
  EXPECT_EQ(ranking.tie_term, 30.0);
  EXPECT_TRUE(ranking.has_ties);

  const std::vector<double> untied = {3, 1, 2};
  const Ranking plain = rank_with_ties(untied);
  EXPECT_EQ(plain.ranks, (std::vector<double>{3, 1, 2}));
  EXPECT_EQ(plain.tie_term, 0.0);
  EXPECT_FALSE(plain.has_ties);
}

}  // namespace
}  // namespace perfwarden::stats
