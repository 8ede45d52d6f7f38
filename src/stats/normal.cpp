#include "stats/normal.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "stats/descriptive.h"

namespace perfwarden::stats {

namespace {

// Coefficients of Wichura (1988), Applied Statistics 37(3), 477-484, algorithm AS241 (PPND16),
// highest degree first. Each region is a ratio of two degree-7 polynomials.
using Polynomial = std::array<double, 8>;

constexpr Polynomial kCentralNumerator = {2.5090809287301226727e+3, 3.3430575583588128105e+4,
                                          6.7265770927008700853e+4, 4.5921953931549871457e+4,
                                          1.3731693765509461125e+4, 1.9715909503065514427e+3,
                                          1.3314166789178437745e+2, 3.3871328727963666080e+0};
constexpr Polynomial kCentralDenominator = {5.2264952788528545610e+3, 2.8729085735721942674e+4,
                                            3.9307895800092710610e+4, 2.1213794301586595867e+4,
                                            5.3941960214247511077e+3, 6.8718700749205790830e+2,
                                            4.2313330701600911252e+1, 1.0};
constexpr Polynomial kIntermediateNumerator = {
    7.7454501427834140764e-4,  2.27238449892691845833e-2, 2.4178072517745061177e-1,
    1.27045825245236838258e+0, 3.64784832476320460504e+0, 5.7694972214606914055e+0,
    4.6303378461565452959e+0,  1.42343711074968357734e+0};
constexpr Polynomial kIntermediateDenominator = {
    1.05075007164441684324e-9, 5.475938084995344946e-4,
    1.51986665636164571966e-2, 1.4810397642748007459e-1,
    6.8976733498510000455e-1,  1.6763848301838038494e+0,
    2.05319162663775882187e+0, 1.0};
constexpr Polynomial kTailNumerator = {2.01033439929228813265e-7, 2.71155556874348757815e-5,
                                       1.2426609473880784386e-3,  2.6532189526576123093e-2,
                                       2.9656057182850489123e-1,  1.7848265399172913358e+0,
                                       5.4637849111641143699e+0,  6.6579046435011037772e+0};
constexpr Polynomial kTailDenominator = {2.04426310338993978564e-15, 1.4215117583164458887e-7,
                                         1.8463183175100546818e-5,   7.868691311456132591e-4,
                                         1.4875361290850614852e-2,   1.3692988092273580531e-1,
                                         5.99832206555887937690e-1,  1.0};

double horner(const Polynomial& coefficients, double x) {
  double result = 0.0;
  for (double c : coefficients) result = result * x + c;
  return result;
}

}  // namespace

double normal_cdf(double z) {
  // erfc keeps relative precision for large arguments; 0.5 * (1 + erf(x)) would round to 0 early.
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();

  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * horner(kCentralNumerator, r) / horner(kCentralDenominator, r);
  }
  // Tails: work with the smaller of p and 1 - p so the logarithm sees the exact small value.
  const double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  const double x =
      r <= 5.0 ? horner(kIntermediateNumerator, r - 1.6) / horner(kIntermediateDenominator, r - 1.6)
               : horner(kTailNumerator, r - 5.0) / horner(kTailDenominator, r - 5.0);
  return q < 0.0 ? -x : x;
}

double continuity_corrected_p_value(double centred, double sigma, Alternative alternative) {
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

}  // namespace perfwarden::stats
