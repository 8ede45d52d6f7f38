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
    case Verdict::kPlacement:
      return "placement";
  }
  return "unknown";
}

Verdict decide(const RatioEvidence& evidence, double threshold, double alpha) {
  bool significant = evidence.p_adjusted < alpha;
  if (significant && evidence.ratio >= slower_bound(threshold)) return Verdict::kRegression;
  if (significant && evidence.ratio <= faster_bound(threshold)) return Verdict::kImprovement;
  if (evidence.ci_low >= faster_bound(threshold) && evidence.ci_high <= slower_bound(threshold)) {
    return Verdict::kSame;
  }
  return Verdict::kInconclusive;
}

}  // namespace perfwarden::policy
