#include "stats/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <vector>
#include "stats/exact_tests.h"

#include "stats/normal.h"
#include "stats/rank_sum_distribution.h"
#include "stats/ranks.h"

namespace perfwarden::stats {

namespace {

double exact_p_value(double statistic, int nx, int ny, Alternative alternative) {
  const int w = static_cast<int>(statistic);  // integral: no ties means integer ranks
  switch (alternative) {
    case Alternative::kGreater:
      return rank_sum_upper_tail(nx, ny, w);
    case Alternative::kLess:
      return rank_sum_cdf(nx, ny, w);
    case Alternative::kTwoSided:
      break;
  }
  const double centre = static_cast<double>(nx) * ny / 2.0;
  const double one_tail =
      statistic > centre ? rank_sum_upper_tail(nx, ny, w) : rank_sum_cdf(nx, ny, w);
  return std::min(1.0, 2.0 * one_tail);
}

double approximate_p_value(double statistic, double nx, double ny, double tie_term,
                           Alternative alternative) {
  const double centred = statistic - nx * ny / 2.0;
  const double pooled = nx + ny;
  const double sigma =
      std::sqrt((nx * ny / 12.0) * ((pooled + 1.0) - tie_term / (pooled * (pooled - 1.0))));
  if (!(sigma > 0.0)) return 1.0;  // every value equal: the ranks carry no information
  return continuity_corrected_p_value(centred, sigma, alternative);
}

}  // namespace

RankSumTest mann_whitney_u(std::span<const double> x, std::span<const double> y,
                           Alternative alternative) {
  const std::vector<double> xs = finite_values(x);
  const std::vector<double> ys = finite_values(y);
  RankSumTest result;
  if (xs.empty() || ys.empty()) return result;

  std::vector<double> pooled = xs;
  pooled.insert(pooled.end(), ys.begin(), ys.end());
  const Ranking ranking = rank_with_ties(pooled);
  double x_rank_sum = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) x_rank_sum += ranking.ranks[i];
  const auto nx = static_cast<double>(xs.size());
  const auto ny = static_cast<double>(ys.size());
  result.statistic = x_rank_sum - nx * (nx + 1.0) / 2.0;

  result.exact =
      xs.size() < kExactSampleLimit && ys.size() < kExactSampleLimit && !ranking.has_ties;
  result.p_value =
      result.exact ? exact_p_value(result.statistic, static_cast<int>(xs.size()),
                                   static_cast<int>(ys.size()), alternative)
                   : approximate_p_value(result.statistic, nx, ny, ranking.tie_term, alternative);
  return result;
}

}  // namespace perfwarden::stats
