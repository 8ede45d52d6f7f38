#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/round_scheduler.h"
#include "config/gate_config.h"
#include "report/report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

// The deterministic metric: instructions per iteration, counted once per side under callgrind.
// Identical code gives identical counts, so any difference is real and needs no statistics:
//  - |change| below thresholds.report: same;
//  - from report up to fail: same, with the change in the reason (reported, does not fail);
//  - at or beyond fail: regression (improvement for the log-symmetric speed-up).
report::BenchmarkResult instruction_result(const std::string& suite, const std::string& name,
                                           std::optional<double> base, std::optional<double> head,
                                           const config::InstructionThresholds& thresholds,
                                           bool advisory);

// Counts every suite's benchmarks in the base and the head binary; multi-threaded ones get no
// count and one warning per suite naming them (their time verdict still stands). Throws
// bench::BenchmarkFailure (as the timing rounds do) and perfwarden::Error when valgrind is
// missing.
std::vector<report::BenchmarkResult> compare_instructions(
    util::ProcessRunner& runner, const std::vector<bench::SuitePair>& suites,
    const config::GateConfig& config, util::Progress& progress, double& valgrind_seconds,
    std::vector<std::string>& warnings);

}  // namespace perfwarden::gate
