#include "stats/hodges_lehmann.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "stats/descriptive.h"
#include "stats/exact_tests.h"
#include "stats/normal.h"
#include "stats/rank_sum_distribution.h"
#include "stats/signed_rank_distribution.h"

namespace perfwarden::stats {

namespace {

void require_valid_confidence(double confidence, const char* function) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument(std::string(function) + ": confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  }
}

ShiftEstimate undefined_estimate() { return {kNaN, kNaN, kNaN, kNaN}; }

// How far in from each end of the sorted pairwise values the interval bounds sit.
struct IntervalIndex {
  std::size_t rank;   // 1-based: bounds are sorted[rank] and sorted[M - rank + 1]
  double confidence;  // achieved
};

// Large-sample index: count/2 - z * sigma, floored (documented in the header).
IntervalIndex normal_index(double count, double sigma, double confidence) {
  const double alpha = 1.0 - confidence;
  const double z = normal_quantile(1.0 - alpha / 2.0);
  const double k = std::max(1.0, std::floor(count / 2.0 - z * sigma));
  const double achieved = 1.0 - 2.0 * normal_cdf((k - 0.5 - count / 2.0) / sigma);
  return {static_cast<std::size_t>(k), achieved};
}

// The point estimate and the two bounds are order statistics of `pairwise`; select them with
// nth_element (linear time) instead of sorting all M values.
ShiftEstimate select_estimate(std::vector<double> pairwise, IntervalIndex index) {
  const std::size_t count = pairwise.size();
  const std::size_t lower_position = index.rank - 1;
  const std::size_t upper_position = count - index.rank;
  const std::size_t upper_middle = count / 2;
  const std::size_t lower_middle = count % 2 == 1 ? upper_middle : upper_middle - 1;

  std::vector<std::size_t> positions = {lower_position, lower_middle, upper_middle, upper_position};
  std::sort(positions.begin(), positions.end());
  auto begin = pairwise.begin();
  for (std::size_t position : positions) {
    const auto target = pairwise.begin() + static_cast<std::ptrdiff_t>(position);
    if (target < begin) continue;  // repeated position, already in place
    std::nth_element(begin, target, pairwise.end());
    begin = target + 1;
  }
  const double estimate = (pairwise[lower_middle] + pairwise[upper_middle]) / 2.0;
  return {estimate, pairwise[lower_position], pairwise[upper_position], index.confidence};
}

}  // namespace

ShiftEstimate hodges_lehmann_one_sample(std::span<const double> differences, double confidence) {
  require_valid_confidence(confidence, "hodges_lehmann_one_sample");
  const std::vector<double> values = finite_values(differences);
  if (values.empty()) return undefined_estimate();

  std::vector<double> walsh;
  walsh.reserve(values.size() * (values.size() + 1) / 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = i; j < values.size(); ++j) walsh.push_back((values[i] + values[j]) / 2.0);
  }

  const int n = static_cast<int>(values.size());
  IntervalIndex index{};
  if (values.size() < kExactSampleLimit) {
    const int qu = std::max(1, signed_rank_quantile(n, (1.0 - confidence) / 2.0));
    index = {static_cast<std::size_t>(qu), 1.0 - 2.0 * signed_rank_cdf(n, qu - 1)};
  } else {
    const double count = n;
    const double sigma = std::sqrt(count * (count + 1.0) * (2.0 * count + 1.0) / 24.0);
    index = normal_index(static_cast<double>(walsh.size()), sigma, confidence);
  }
  return select_estimate(std::move(walsh), index);
}

ShiftEstimate hodges_lehmann_two_sample(std::span<const double> x, std::span<const double> y,
                                        double confidence) {
  require_valid_confidence(confidence, "hodges_lehmann_two_sample");
  const std::vector<double> xs = finite_values(x);
  const std::vector<double> ys = finite_values(y);
  if (xs.empty() || ys.empty()) return undefined_estimate();

  std::vector<double> differences;
  differences.reserve(xs.size() * ys.size());
  for (double xi : xs) {
    for (double yj : ys) differences.push_back(xi - yj);
  }

  IntervalIndex index{};
  if (xs.size() < kExactSampleLimit && ys.size() < kExactSampleLimit) {
    const int nx = static_cast<int>(xs.size());
    const int ny = static_cast<int>(ys.size());
    const int qu = std::max(1, rank_sum_quantile(nx, ny, (1.0 - confidence) / 2.0));
    index = {static_cast<std::size_t>(qu), 1.0 - 2.0 * rank_sum_cdf(nx, ny, qu - 1)};
  } else {
    const auto nx = static_cast<double>(xs.size());
    const auto ny = static_cast<double>(ys.size());
    const double sigma = std::sqrt(nx * ny * (nx + ny + 1.0) / 12.0);
    index = normal_index(nx * ny, sigma, confidence);
  }
  return select_estimate(std::move(differences), index);
}

}  // namespace perfwarden::stats
