#include "naive_rule.h"

#include <vector>

#include "stats/descriptive.h"
#include "stats/mann_whitney.h"

namespace perfwarden::accuracy {

bool naive_regression(std::span<const double> base, std::span<const double> head) {
  if (base.size() < 2 || head.size() < 2) return false;
  auto test = stats::mann_whitney_u(head, base, stats::Alternative::kTwoSided);
  double head_median = stats::median(std::vector<double>(head.begin(), head.end()));
  double base_median = stats::median(std::vector<double>(base.begin(), base.end()));
  return test.p_value < 0.05 && head_median > base_median;
}

}  // namespace perfwarden::accuracy
