#pragma once
// Published examples the statistics tests check against.

#include <cstddef>
#include <vector>

namespace perfwarden::testing {

// Hollander & Wolfe (1973) p. 29, the example of R's ?wilcox.test: Hamilton depression scale
// before (x) and after (y) a tranquilizer; the 9 paired differences x - y.
inline std::vector<double> depression_differences() {
  const std::vector<double> x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
  const std::vector<double> y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
  std::vector<double> differences;
  for (std::size_t i = 0; i < x.size(); ++i) differences.push_back(x[i] - y[i]);
  return differences;
}

}  // namespace perfwarden::testing
