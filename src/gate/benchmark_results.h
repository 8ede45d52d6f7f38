#pragma once

#include <string>
#include <vector>

#include "config/gate_config.h"
#include "gate/sequential_measurement.h"
#include "report/report.h"

namespace perfwarden::gate {

struct TimeResults {
  std::vector<report::BenchmarkResult> benchmarks;
  std::vector<std::string> warnings;
};

// Turns what the measurement learned into report rows: the verdict of each benchmark with the
// one-sentence reason, and warnings that carry their fix (too few rounds to ever be significant).
// A flagged regression stays a regression only if the confirmation stage confirmed it.
TimeResults to_benchmark_results(const MeasurementOutcome& outcome, const SequentialPlan& plan,
                                 const config::GateConfig& config);

}  // namespace perfwarden::gate
