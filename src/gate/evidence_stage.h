#pragma once

// The deterministic stage of `compare`: after the timing rounds, callgrind profiles, in both
// builds, the benchmarks time did not settle (regressions, improvements, inconclusive), and the
// decision table (policy/evidence.h) combines both into each one's verdict. Deterministic runs
// do not disturb each other, so the base's and head's run side by side on every core; the timing
// rounds are over by then, so they disturb no measurement either.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench/loop_profiler.h"
#include "bench/round_scheduler.h"
#include "config/gate_config.h"
#include "report/report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct EvidencePlan {
  bench::ProfilerSettings profiler;
  std::filesystem::path base_source_dir, head_source_dir;  // materialised trees
  std::filesystem::path base_build_dir, head_build_dir;
  std::vector<std::string> changed_paths;  // base tree -> head tree
  // Why placement cannot be shown for this change as a whole ("" when it can): files other than
  // code changed, or CPU dispatch may differ natively (gate/dispatch_check.h).
  std::string placement_blocker;
  config::InstructionThresholds thresholds;
  bool placement_fails = false;
  unsigned parallel_jobs = 2;
  // By suite, the native cost of its setup (bench::SampleSet::native_setup_seconds): a suite
  // whose profiles cannot finish within profiler.timeout even at callgrind's best speed is not
  // started, so the budget goes to those that can.
  std::map<std::string, double> native_setup_seconds;
};

// Callgrind's slowdown on scalar code at its most favourable (it ranges about 30-100x, more
// with the cache simulation): a suite predicted over budget at this rate would surely be.
inline constexpr double kCallgrindBestSlowdown = 30.0;

struct EvidenceOutcome {
  int benchmarks_profiled = 0;
  double valgrind_seconds = 0.0;  // summed over processes (they run in parallel)
  double wall_seconds = 0.0;
  std::vector<std::string> warnings;  // a suite that could not be profiled, with why
};

// A change-tier time result that time did not settle (regression, improvement, inconclusive).
bool needs_evidence(const report::BenchmarkResult& result);

// Adds evidence to every change-tier time result that needs it and re-decides it. A suite whose
// binaries cannot be profiled keeps its time verdicts, with a warning.
EvidenceOutcome add_deterministic_evidence(util::ProcessRunner& runner,
                                           const std::vector<bench::SuitePair>& suites,
                                           std::vector<report::BenchmarkResult>& results,
                                           const EvidencePlan& plan, util::Progress& progress);

// The repository path a profile's file name stands for ("src/x.cpp" for
// "/perfwarden/src/src/x.cpp" or "<source dir>/src/x.cpp"), or "" for files outside the
// repository (system headers, the standard library).
std::string repository_path(const std::string& file, const EvidencePlan& plan);

}  // namespace perfwarden::gate
