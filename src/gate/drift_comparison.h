#pragma once

#include <string>
#include <vector>

#include "baseline/baseline_file.h"
#include "config/gate_config.h"
#include "report/report.h"

namespace perfwarden::gate {

// The head's own measurements of one suite, benchmark → metric → values.
using SuiteValues = std::vector<std::pair<std::string, baseline::MetricValues>>;

// Head against a stored baseline: the cumulative change since the baseline was blessed, which
// per-PR comparisons miss when every step stays under the threshold (tier "drift").
//  - time (the suite's gated time metric, only when `timing_comparable`): the samples are not
//    paired, so the shift of log values is estimated with the two-sample Hodges–Lehmann estimator
//    and tested with Mann–Whitney; Benjamini–Hochberg across the suite; then policy::decide;
//  - instructions: deterministic, the same rule as base vs head (gate/instruction_comparison).
// Benchmarks only in the baseline are "gone", only in head "new".
std::vector<report::BenchmarkResult> compare_to_baseline(
    const baseline::BaselineFile& stored, const SuiteValues& head, const config::Suite& suite,
    const config::GateConfig& config, double alpha, bool timing_comparable, bool instructions);

}  // namespace perfwarden::gate
