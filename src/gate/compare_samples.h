#pragma once

#include <string>
#include <vector>

#include "bench/samples.h"
#include "config/gate_config.h"
#include "report/report.h"

namespace perfwarden::gate {

struct Comparison {
  std::vector<report::BenchmarkResult> benchmarks;
  std::vector<std::string> warnings;
};

// The statistical comparison, pure: per benchmark, the per-round log ratios log(head/base) are
// tested with the Wilcoxon signed-rank test and summarised by their Hodges–Lehmann estimate and
// its distribution-free confidence interval (at 1 - alpha); p-values are corrected with
// Benjamini–Hochberg across all benchmarks of the run; policy::decide gives each verdict.
Comparison compare_samples(const bench::SampleSet& samples, const config::Thresholds& thresholds,
                           double alpha);

}  // namespace perfwarden::gate
