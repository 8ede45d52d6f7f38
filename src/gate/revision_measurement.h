#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "baseline/baseline_file.h"
#include "bench/benchmark_process.h"
#include "config/gate_config.h"
#include "config/placeholders.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

// Every benchmark of one build, measured alone (no pairing): `rounds` fresh processes per suite
// for the time metrics, one callgrind run per suite for instructions. What `baseline update`
// stores and what `check` holds against the stored baseline.
struct RevisionMeasurement {
  // suite → benchmark → metric → values, benchmarks in the binaries' order.
  std::map<std::string, std::vector<std::pair<std::string, baseline::MetricValues>>> suites;
  double benchmark_process_seconds = 0.0;
};

struct RevisionMeasurementPlan {
  int rounds = 20;
  int warmup_rounds = 1;
  bool time = true;
  bool instructions = true;
  bench::RunSettings settings;
};

// Throws bench::BenchmarkFailure (side = `side`) like the compare rounds.
RevisionMeasurement measure_revision(util::ProcessRunner& runner, const config::RevisionDirs& dirs,
                                     const config::GateConfig& config,
                                     const RevisionMeasurementPlan& plan, bench::Side side,
                                     util::Progress& progress);

}  // namespace perfwarden::gate
