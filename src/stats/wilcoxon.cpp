#include "stats/wilcoxon.h"
#include "stats/exact_tests.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/normal.h"
#include "stats/ranks.h"
#include "stats/signed_rank_distribution.h"

namespace perfwarden::stats {

namespace {

double exact_p_value(double statistic, int n, Alternative alternative) {
  const int v = static_cast<int>(statistic);  // integral: no ties means integer ranks
  switch (alternative) {
    case Alternative::kGreater:
      return signed_rank_upper_tail(n, v);
    case Alternative::kLess:
      return signed_rank_cdf(n, v);
    case Alternative::kTwoSided:
      break;
  }
  const double centre = n * (n + 1) / 4.0;
  const double one_tail = statistic > centre ? signed_rank_upper_tail(n, v) : signed_rank_cdf(n, v);
  return std::min(1.0, 2.0 * one_tail);
}

// The exact conditional (permutation) distribution of V given the observed mid-ranks: each of the
// 2^n sign assignments is equally likely under H0. Doubled mid-ranks are integers, so a counting
// DP over their sums is exact; n < 50 keeps the sums below 2 * 1275.
double exact_conditional_p_value(const std::vector<double>& ranks, double statistic,
                                 Alternative alternative) {
  std::vector<int> doubled;
  int total = 0;
  for (double r : ranks) {
    doubled.push_back(static_cast<int>(std::lround(2.0 * r)));
    total += doubled.back();
  }
  std::vector<long double> counts(static_cast<std::size_t>(total) + 1, 0.0L);
  counts[0] = 1.0L;
  int reach = 0;
  for (int r : doubled) {
    for (int s = reach; s >= 0; --s)
      counts[static_cast<std::size_t>(s + r)] += counts[static_cast<std::size_t>(s)];
    reach += r;
  }
  const long double all = std::ldexp(1.0L, static_cast<int>(ranks.size()));
  const int observed = static_cast<int>(std::lround(2.0 * statistic));
  long double at_most = 0.0L, at_least = 0.0L;
  for (int s = 0; s <= total; ++s) {
    if (s <= observed) at_most += counts[static_cast<std::size_t>(s)];
    if (s >= observed) at_least += counts[static_cast<std::size_t>(s)];
  }
  switch (alternative) {
    case Alternative::kGreater:
      return static_cast<double>(at_least / all);
    case Alternative::kLess:
      return static_cast<double>(at_most / all);
    case Alternative::kTwoSided:
      break;
  }
  // The distribution is symmetric about total / 2: double the tail on the observed side.
  const long double tail = 2 * observed > total ? at_least : at_most;
  return std::min(1.0, static_cast<double>(2.0L * tail / all));
}

double approximate_p_value(double statistic, int n, double tie_term, Alternative alternative) {
  const double count = n;
  const double centred = statistic - count * (count + 1.0) / 4.0;
  const double sigma =
      std::sqrt(count * (count + 1.0) * (2.0 * count + 1.0) / 24.0 - tie_term / 48.0);
  return continuity_corrected_p_value(centred, sigma, alternative);
}

}  // namespace

SignedRankTest wilcoxon_signed_rank(std::span<const double> differences, Alternative alternative) {
  std::vector<double> nonzero;
  nonzero.reserve(differences.size());
  bool had_zeros = false;
  for (double d : differences) {
    if (!std::isfinite(d)) continue;
    if (d == 0.0) {
      had_zeros = true;
    } else {
      nonzero.push_back(d);
    }
  }

  SignedRankTest result;
  result.n = static_cast<int>(nonzero.size());
  if (result.n == 0) return result;

  std::vector<double> magnitudes(nonzero.size());
  std::transform(nonzero.begin(), nonzero.end(), magnitudes.begin(),
                 [](double d) { return std::fabs(d); });
  const Ranking ranking = rank_with_ties(magnitudes);
  for (std::size_t i = 0; i < nonzero.size(); ++i) {
    if (nonzero[i] > 0.0) result.statistic += ranking.ranks[i];
  }

  (void)had_zeros;  // zeros are dropped before ranking (Wilcoxon's method): they leave no trace
  result.exact = result.n < static_cast<int>(kExactSampleLimit);
  if (!result.exact) {
    result.p_value = approximate_p_value(result.statistic, result.n, ranking.tie_term, alternative);
  } else if (ranking.has_ties) {
    result.p_value = exact_conditional_p_value(ranking.ranks, result.statistic, alternative);
  } else {
    result.p_value = exact_p_value(result.statistic, result.n, alternative);
  }
  return result;
}

}  // namespace perfwarden::stats
