#include "stats/student_t.h"

#include <cmath>
#include <cstddef>
#include <limits>

#include "stats/descriptive.h"

namespace perfwarden::stats {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The continued fraction of I_x(a, b) (Numerical Recipes, 2nd ed., 6.4), by the modified Lentz
// method. It converges quickly for x < (a + 1) / (a + b + 2); the caller uses the symmetry
// I_x(a, b) = 1 - I_(1-x)(b, a) elsewhere.
double beta_continued_fraction(double a, double b, double x) {
  constexpr int kMaxIterations = 500;
  constexpr double kEpsilon = 1e-16;
  constexpr double kTiny = 1e-300;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1.0) < kEpsilon) break;
  }
  return h;
}

// I_x(a, b), with y = 1 - x passed separately so that neither loses digits to cancellation.
double regularized_incomplete_beta(double x, double y, double a, double b) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log(y));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

long double sum_of_squared_deviations(std::span<const double> values, double center) {
  long double sum = 0.0L;
  for (double v : values) {
    const long double deviation = static_cast<long double>(v) - center;
    sum += deviation * deviation;
  }
  return sum;
}

}  // namespace

double student_t_two_sided_p(double t, double df) {
  if (std::isnan(t) || !(df > 0.0)) return kNaN;
  if (std::isinf(t)) return 0.0;
  const double t2 = t * t;
  if (std::isinf(t2)) return 0.0;
  // P(|T| >= |t|) = I_x(df/2, 1/2) with x = df / (df + t^2).
  return regularized_incomplete_beta(df / (df + t2), t2 / (df + t2), df / 2.0, 0.5);
}

double student_t_cdf(double t, double df) {
  const double two_sided = student_t_two_sided_p(t, df);
  if (std::isnan(two_sided)) return kNaN;
  return t < 0.0 ? two_sided / 2.0 : 1.0 - two_sided / 2.0;
}

TTestResult pooled_t_test(std::span<const double> x, std::span<const double> y) {
  TTestResult result;
  if (x.empty() || y.empty() || x.size() + y.size() < 3) return result;
  result.df = static_cast<double>(x.size() + y.size() - 2);
  const double mean_x = mean(x);
  const double mean_y = mean(y);
  const long double squares =
      sum_of_squared_deviations(x, mean_x) + sum_of_squared_deviations(y, mean_y);
  const double pooled_variance = static_cast<double>(squares / result.df);
  const double difference = mean_y - mean_x;
  if (pooled_variance == 0.0) {
    if (difference == 0.0) return result;
    result.t = difference > 0 ? kInfinity : -kInfinity;
    result.p_value = 0.0;
    return result;
  }
  const double scale = 1.0 / static_cast<double>(x.size()) + 1.0 / static_cast<double>(y.size());
  result.t = difference / std::sqrt(pooled_variance * scale);
  result.p_value = student_t_two_sided_p(result.t, result.df);
  return result;
}

}  // namespace perfwarden::stats
