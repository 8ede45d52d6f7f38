#include "gate/paired_analysis.h"

#include <algorithm>
#include <cmath>

#include "stats/descriptive.h"
#include "stats/hodges_lehmann.h"
#include "stats/wilcoxon.h"

namespace perfwarden::gate {

namespace {
constexpr double kSmallestValue = 1e-3;
}

PairedAnalysis analyse_pairs(const std::vector<double>& base, const std::vector<double>& head,
                             double confidence) {
  PairedAnalysis analysis;
  std::size_t rounds = std::min(base.size(), head.size());
  analysis.rounds = static_cast<int>(rounds);
  if (rounds == 0) return analysis;
  std::vector<double> log_ratios;
  log_ratios.reserve(rounds);
  for (std::size_t i = 0; i < rounds; ++i) {
    log_ratios.push_back(
        std::log(std::max(head[i], kSmallestValue) / std::max(base[i], kSmallestValue)));
  }
  auto test = stats::wilcoxon_signed_rank(log_ratios);
  auto shift = stats::hodges_lehmann_one_sample(log_ratios, confidence);
  analysis.p_value = test.p_value;
  analysis.ratio = std::exp(shift.estimate);
  analysis.ci_low = std::exp(shift.lower);
  analysis.ci_high = std::exp(shift.upper);
  analysis.confidence = shift.confidence;
  analysis.paired_cv = rounds > 1 ? stats::sample_stddev(log_ratios) : 0.0;
  return analysis;
}

}  // namespace perfwarden::gate
