#pragma once

#include <string>
#include <vector>

#include "baseline/baseline_store.h"
#include "bench/environment.h"
#include "config/gate_config.h"
#include "gate/drift_comparison.h"
#include "report/report.h"

namespace perfwarden::gate {

// The head's values per suite, as the drift tier needs them.
using HeadValues = std::map<std::string, SuiteValues>;

struct DriftTier {
  std::vector<report::BenchmarkResult> results;
  std::vector<std::string> warnings;         // e.g. no baseline stored for this machine class
  std::vector<std::string> timing_mismatch;  // fingerprint differences that ruled timing out
  int suites_with_baseline = 0;
};

// Loads each suite's baseline for this machine's class from `source` and compares `head` to it.
// Timing is compared only when the baseline's fingerprint matches this machine's in full; the
// instruction metric whenever the machine class (ISA level + compiler) matches, which the file
// name guarantees.
DriftTier compare_head_to_baselines(const baseline::BaselineSource& source, const HeadValues& head,
                                    const config::GateConfig& config,
                                    const bench::EnvironmentFingerprint& environment, double alpha,
                                    bool time, bool instructions);

}  // namespace perfwarden::gate
