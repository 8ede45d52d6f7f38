#include "stats/wilcoxon.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "stats/normal.h"
#include "stats/ranks.h"
#include "stats/signed_rank_distribution.h"

namespace perfwarden::stats {

namespace {

// R switches to the normal approximation from 50 observations on (exact = NULL).
constexpr int kExactLimit = 50;

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

double approximate_p_value(double statistic, int n, double tie_term, Alternative alternative) {
  const double count = n;
  const double centred = statistic - count * (count + 1.0) / 4.0;
  const double sigma =
      std::sqrt(count * (count + 1.0) * (2.0 * count + 1.0) / 24.0 - tie_term / 48.0);
  switch (alternative) {
    case Alternative::kGreater:
      return normal_cdf(-(centred - 0.5) / sigma);
    case Alternative::kLess:
      return normal_cdf((centred + 0.5) / sigma);
    case Alternative::kTwoSided:
      break;
  }
  const double correction = centred > 0.0 ? 0.5 : (centred < 0.0 ? -0.5 : 0.0);
  const double z = (centred - correction) / sigma;
  return 2.0 * std::min(normal_cdf(z), normal_cdf(-z));
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

  result.exact = result.n < kExactLimit && !ranking.has_ties && !had_zeros;
  result.p_value =
      result.exact ? exact_p_value(result.statistic, result.n, alternative)
                   : approximate_p_value(result.statistic, result.n, ranking.tie_term, alternative);
  return result;
}

}  // namespace perfwarden::stats
