#pragma once

#include <string_view>

namespace perfwarden::policy {

enum class Verdict {
  kRegression,    // significantly slower, and the whole interval is beyond the threshold
  kImprovement,   // significantly faster, and the whole interval is beyond the threshold
  kSame,          // the interval lies inside ±threshold: any change is smaller than we care about
  kInconclusive,  // the interval straddles the threshold: more rounds or less noise needed
  kNew,           // only in head
  kGone,          // only in base
};

std::string_view to_string(Verdict verdict);

// The decision rule of one benchmark, on the ratio head/base (1.10 = 10% slower):
// a regression needs BOTH significance after multiple-testing correction (p_adjusted < alpha)
// AND a confidence interval whose lower end exceeds 1 + threshold, so that a tiny but
// significant shift never fails the gate, nor a large but noisy one. The improvement bound is
// the mirror image in log space, 1 / (1 + threshold).
struct RatioEvidence {
  double ratio = 1.0;
  double ci_low = 1.0;
  double ci_high = 1.0;
  double p_adjusted = 1.0;
};

Verdict decide(const RatioEvidence& evidence, double threshold, double alpha);

}  // namespace perfwarden::policy
