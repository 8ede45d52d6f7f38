#include "policy/verdict.h"

namespace perfwarden::policy {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegression:
      return "regression";
    case Verdict::kImprovement:
      return "improvement";
    case Verdict::kSame:
      return "same";
    case Verdict::kInconclusive:
      return "inconclusive";
    case Verdict::kNew:
      return "new";
    case Verdict::kGone:
      return "gone";
  }
  return "unknown";
}

Verdict decide(const RatioEvidence& evidence, double threshold, double alpha) {
  double upper_bound = 1.0 + threshold;
  double lower_bound = 1.0 / upper_bound;
  bool significant = evidence.p_adjusted < alpha;
  if (significant && evidence.ci_low > upper_bound) return Verdict::kRegression;
  if (significant && evidence.ci_high < lower_bound) return Verdict::kImprovement;
  if (evidence.ci_low >= lower_bound && evidence.ci_high <= upper_bound) return Verdict::kSame;
  return Verdict::kInconclusive;
}

}  // namespace perfwarden::policy
