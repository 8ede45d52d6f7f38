#include "stats/multiple_testing.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace perfwarden::stats {

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  std::vector<double> adjusted(p_values.begin(), p_values.end());
  std::vector<std::size_t> order;  // positions of the non-NaN p-values
  order.reserve(p_values.size());
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  // Decreasing p; stable like R's order(), though ties end up equal after the running minimum.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] > p_values[b]; });

  const auto m = static_cast<double>(order.size());
  double running_min = 1.0;  // R: pmin(1, cummin(...)); starting at 1 applies the cap
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto rank = static_cast<double>(order.size() - k);  // i in R: lp:1
    running_min = std::min(running_min, m / rank * p_values[order[k]]);
    adjusted[order[k]] = running_min;
  }
  return adjusted;
}

}  // namespace perfwarden::stats
