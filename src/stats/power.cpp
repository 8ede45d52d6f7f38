#include "stats/power.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "stats/normal.h"

namespace perfwarden::stats {

double shift_standard_error(double paired_sd, int rounds) {
  if (rounds <= 0) return std::numeric_limits<double>::infinity();
  return paired_sd * std::sqrt(std::numbers::pi / 3.0) / std::sqrt(static_cast<double>(rounds));
}

double detectable_shift(double threshold, double standard_error, double power) {
  return threshold + normal_quantile(power) * standard_error;
}

double suggested_threshold(double standard_error, double z, double floor, double step) {
  double raw = std::max(floor, z * standard_error);
  return std::ceil(raw / step - 1e-9) * step;
}

}  // namespace perfwarden::stats
