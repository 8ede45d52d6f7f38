#pragma once

#include <string_view>

namespace perfwarden::policy {

enum class Verdict {
  kRegression,    // a real slowdown whose best estimate exceeds the threshold
  kImprovement,   // the mirror image
  kSame,          // the whole confidence interval lies within ±threshold
  kInconclusive,  // neither: the interval straddles the threshold (passes, with the reason)
  kNew,           // only in head
  kGone,          // only in base
  // Slower, but its loop executes none of the changed code and the same instructions: code or
  // data placement, not the change's logic (policy/evidence.h). Advisory unless the config says
  // "placement": "fail".
  kPlacement,
};

std::string_view to_string(Verdict verdict);

// The evidence about one benchmark's ratio head/base (1.10 = 10% slower).
struct RatioEvidence {
  double ratio = 1.0;   // Hodges–Lehmann estimate
  double ci_low = 1.0;  // its confidence interval
  double ci_high = 1.0;
  double p_adjusted = 1.0;  // Wilcoxon signed-rank, Benjamini–Hochberg adjusted
};

// The final rule. The threshold t is the slowdown the project does not tolerate:
//  - regression: significant (p_adjusted < alpha) AND the estimate is at least 1 + t;
//  - improvement: significant AND the estimate is at most 1 / (1 + t) (log-symmetric);
//  - same: the whole interval lies within [1 / (1 + t), 1 + t], so any change is too small to
//  matter;
//  - inconclusive: everything else (the interval straddles the threshold).
// Significance keeps noise from failing the gate; the estimate keeps tiny-but-real shifts from
// failing it. A true slowdown of exactly t is caught about half the time, so set t below the
// smallest slowdown that must be caught (`perfwarden calibrate` suggests t from measured noise).
Verdict decide(const RatioEvidence& evidence, double threshold, double alpha);

// Lower/upper bounds of the "same" zone for a threshold.
inline double slower_bound(double threshold) { return 1.0 + threshold; }
inline double faster_bound(double threshold) { return 1.0 / (1.0 + threshold); }

}  // namespace perfwarden::policy
