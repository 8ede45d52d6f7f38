#pragma once

#include <vector>

#include "policy/verdict.h"

namespace perfwarden::policy {

// Sequential looks (Chromium Pinpoint's same / different / unknown, with a fixed look schedule):
// after each scheduled number of rounds every undecided benchmark is examined, and measuring
// stops for it as soon as the answer is clear. Each of the K looks tests at alpha / K and builds
// its interval at confidence 1 - alpha / K (Bonferroni alpha spending), so looking repeatedly
// does not inflate the false-positive rate beyond alpha.
struct LookSchedule {
  std::vector<int> looks = {10, 15, 20};  // cumulative rounds at each look, increasing

  int max_rounds() const { return looks.empty() ? 0 : looks.back(); }
  double alpha_per_look(double alpha) const { return alpha / static_cast<double>(looks.size()); }
};

enum class StopDecision {
  kContinue,        // measure more rounds
  kStopSame,        // the interval is inside ±threshold: no change that matters
  kStopRegression,  // flagged: goes to the confirmation stage
  kStopImprovement,
  kStopInconclusive,  // last look and still undecided
};

// One benchmark at one look. `evidence` must have been computed at the look's confidence
// (1 - alpha_look) and its p-value adjusted across the benchmarks still undecided.
//  - before the last look: stop early only when clear: same when the interval is inside
//    ±threshold; regression (improvement) when significant and the whole interval is beyond it;
//  - at the last look: the final rule, policy::decide.
StopDecision stop_decision(const RatioEvidence& evidence, double threshold, double alpha_look,
                           bool last_look);

}  // namespace perfwarden::policy
