#include "policy/stop_rule.h"

namespace perfwarden::policy {

StopDecision stop_decision(const RatioEvidence& evidence, double threshold, double alpha_look,
                           bool last_look) {
  if (last_look) {
    switch (decide(evidence, threshold, alpha_look)) {
      case Verdict::kRegression:
        return StopDecision::kStopRegression;
      case Verdict::kImprovement:
        return StopDecision::kStopImprovement;
      case Verdict::kSame:
        return StopDecision::kStopSame;
      default:
        return StopDecision::kStopInconclusive;
    }
  }
  bool significant = evidence.p_adjusted < alpha_look;
  if (evidence.ci_low >= faster_bound(threshold) && evidence.ci_high <= slower_bound(threshold)) {
    return StopDecision::kStopSame;
  }
  if (significant && evidence.ci_low > slower_bound(threshold))
    return StopDecision::kStopRegression;
  if (significant && evidence.ci_high < faster_bound(threshold))
    return StopDecision::kStopImprovement;
  return StopDecision::kContinue;
}

}  // namespace perfwarden::policy
