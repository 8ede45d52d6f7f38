#pragma once

#include <vector>

namespace perfwarden::gate {

// What the paired rounds of one benchmark say about the ratio head/base. base[i] and head[i] come
// from the same round; everything is computed on the per-round log ratios log(head_i / base_i),
// where a constant slowdown is a constant shift and machine drift between rounds cancels.
struct PairedAnalysis {
  int rounds = 0;
  double p_value = 1.0;  // Wilcoxon signed-rank, two-sided (exact below 50 rounds)
  double ratio = 1.0;    // exp(Hodges–Lehmann estimate)
  double ci_low = 1.0;   // exp of its distribution-free interval
  double ci_high = 1.0;
  double confidence = 0.0;  // achieved confidence of the interval
  double paired_cv = 0.0;   // standard deviation of the log ratios: the noise the test sees
};

// Pairs the first min(|base|, |head|) rounds. Values are clamped to a tiny positive time so that
// an optimised-away benchmark reporting 0 ns keeps the logarithm finite.
PairedAnalysis analyse_pairs(const std::vector<double>& base, const std::vector<double>& head,
                             double confidence);

}  // namespace perfwarden::gate
