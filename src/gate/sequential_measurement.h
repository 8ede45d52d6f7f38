#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/round_scheduler.h"
#include "config/gate_config.h"
#include "gate/paired_analysis.h"
#include "policy/stop_rule.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct SequentialPlan {
  bench::RoundPlan rounds;        // settings, warm-up, seed
  policy::LookSchedule schedule;  // when to look; the last look is the maximum
  int confirmation_rounds = 10;   // fresh rounds for each flagged regression; 0 disables
  std::optional<std::chrono::seconds> budget;  // caps the primary stage's measuring time
  double alpha = 0.05;
  config::Thresholds thresholds;
};

// A regression flagged by the primary stage, measured again on fresh rounds.
struct Confirmation {
  std::vector<double> base_values;
  std::vector<double> head_values;
  PairedAnalysis analysis;
  double p_adjusted = 1.0;
  bool confirmed = false;
};

// Everything the measurement learned about one benchmark (time metric).
struct BenchmarkOutcome {
  std::string suite;
  std::string name;
  std::string metric;
  bool in_base = false;
  bool in_head = false;
  std::vector<double> base_values;  // primary stage, per round
  std::vector<double> head_values;
  PairedAnalysis analysis;   // at the look where it stopped
  double p_adjusted = 1.0;   // across the benchmarks examined at that look
  double alpha_used = 0.05;  // the look's share of alpha
  policy::StopDecision decision = policy::StopDecision::kContinue;
  bool stopped_by_budget = false;
  std::optional<Confirmation> confirmation;
  std::map<std::string, double> head_counters;
  std::string skip_message;  // the side without it skipped it (bench::BenchmarkSamples)
};

struct MeasurementOutcome {
  std::vector<BenchmarkOutcome> benchmarks;
  int primary_rounds = 0;  // rounds of the primary stage actually run
  int confirmation_rounds = 0;
  bool budget_exhausted = false;
  double benchmark_process_seconds = 0.0;
  double wall_seconds = 0.0;
  std::map<std::string, double> native_setup_seconds;  // bench::SampleSet's, of the primary
};

// Runs the primary stage with sequential looks, then the confirmation stage, through
// bench::RoundScheduler (so a fake util::ProcessRunner can script every timing in tests).
// Throws bench::BenchmarkFailure as the scheduler does.
MeasurementOutcome run_sequential_measurement(util::ProcessRunner& runner,
                                              const std::vector<bench::SuitePair>& suites,
                                              const SequentialPlan& plan, util::Progress& progress);

// One look over the benchmarks in `keys` (pure): analyses each at confidence 1 - alpha_look,
// adjusts their p-values together with Benjamini–Hochberg, and applies policy::stop_decision.
struct LookResult {
  bench::BenchmarkKey key;
  PairedAnalysis analysis;
  double p_adjusted = 1.0;
  policy::StopDecision decision = policy::StopDecision::kContinue;
};
std::vector<LookResult> evaluate_look(const bench::SampleSet& samples,
                                      const std::vector<bench::BenchmarkKey>& keys,
                                      const config::Thresholds& thresholds, double alpha_look,
                                      bool last_look);

}  // namespace perfwarden::gate
