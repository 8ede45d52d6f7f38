#pragma once

// What the rank tests and their estimators share: when an exact null distribution is used, and
// how its arrangements are counted and its samples cleaned.

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace perfwarden::stats {

// R's `exact = NULL` rule: exact distributions below 50 values per sample, the normal
// approximation from there.
inline constexpr std::size_t kExactSampleLimit = 50;

// Sum of counts[0..k]. The distributions count arrangements in long doubles, exact while the
// totals stay below 2^64.
inline long double cumulative_count(const std::vector<long double>& counts, int k) {
  long double sum = 0.0L;
  for (int i = 0; i <= k; ++i) sum += counts[static_cast<std::size_t>(i)];
  return sum;
}

// The finite values, in order: NaN and infinities (a failed round) take no rank.
inline std::vector<double> finite_values(std::span<const double> values) {
  std::vector<double> kept;
  kept.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) kept.push_back(v);
  }
  return kept;
}

}  // namespace perfwarden::stats
