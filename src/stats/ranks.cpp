#include "stats/ranks.h"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace perfwarden::stats {

Ranking rank_with_ties(std::span<const double> values) {
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });

  Ranking result;
  result.ranks.resize(n);
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start + 1;
    while (end < n && values[order[end]] == values[order[start]]) ++end;
    // Positions start..end-1 (0-based) hold ranks start+1..end; their average:
    const double average_rank = static_cast<double>(start + 1 + end) / 2.0;
    for (std::size_t i = start; i < end; ++i) result.ranks[order[i]] = average_rank;
    const auto group = static_cast<double>(end - start);
    if (end - start > 1) {
      result.has_ties = true;
      result.tie_term += group * group * group - group;
    }
    start = end;
  }
  return result;
}

}  // namespace perfwarden::stats
