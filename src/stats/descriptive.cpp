#include "stats/descriptive.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace perfwarden::stats {

double median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  const std::size_t half = values.size() / 2;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(half);
  std::nth_element(values.begin(), middle, values.end());
  if (values.size() % 2 == 1) return *middle;
  // Even count: the lower middle is the largest element left of `middle`.
  const double lower = *std::max_element(values.begin(), middle);
  return (lower + *middle) / 2.0;
}

double mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  const auto count = static_cast<long double>(values.size());
  long double sum = 0.0L;
  for (double v : values) sum += v;
  long double result = sum / count;
  if (std::isfinite(result)) {
    long double residual = 0.0L;
    for (double v : values) residual += static_cast<long double>(v) - result;
    result += residual / count;
  }
  return static_cast<double>(result);
}

double sample_stddev(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double center = mean(values);
  long double sum_of_squares = 0.0L;
  for (double v : values) {
    const long double deviation = static_cast<long double>(v) - center;
    sum_of_squares += deviation * deviation;
  }
  return static_cast<double>(
      std::sqrt(sum_of_squares / static_cast<long double>(values.size() - 1)));
}

double coefficient_of_variation(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double center = mean(values);
  if (center == 0.0) return kNaN;
  return sample_stddev(values) / center;
}

double quantile(std::vector<double> values, double q) {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("quantile: q must be in [0, 1], got " + std::to_string(q));
  }
  if (values.empty()) return kNaN;
  // R: index <- 1 + (n - 1) * q; lo <- floor(index); hi <- ceiling(index), 1-based. The same
  // floating-point steps here, so that results agree with R to the last bit.
  const double index = 1.0 + static_cast<double>(values.size() - 1) * q;
  const double lo_one_based = std::floor(index);
  const auto lo_it = values.begin() + static_cast<std::ptrdiff_t>(lo_one_based) - 1;
  std::nth_element(values.begin(), lo_it, values.end());
  const double lower = *lo_it;
  if (!(index > lo_one_based)) return lower;
  // After nth_element the next order statistic is the smallest element right of lo_it.
  const double upper = *std::min_element(lo_it + 1, values.end());
  if (upper == lower) return lower;
  const double fraction = index - lo_one_based;
  return (1.0 - fraction) * lower + fraction * upper;
}

}  // namespace perfwarden::stats
