#include "gate/sequential_measurement.h"

#include <chrono>

#include "stats/multiple_testing.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace {

using Clock = std::chrono::steady_clock;
using policy::StopDecision;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const bench::Series* gated_series(const bench::BenchmarkSamples& b) {
  auto found = b.metrics.find(b.gated_metric);
  return found == b.metrics.end() ? nullptr : &found->second;
}

const bench::BenchmarkSamples* find_samples(const bench::SampleSet& samples,
                                            const bench::BenchmarkKey& key) {
  for (const auto& b : samples.benchmarks) {
    if (b.suite == key.first && b.name == key.second) return &b;
  }
  return nullptr;
}

}  // namespace

std::vector<LookResult> evaluate_look(const bench::SampleSet& samples,
                                      const std::vector<bench::BenchmarkKey>& keys,
                                      const config::Thresholds& thresholds, double alpha_look,
                                      bool last_look) {
  std::vector<LookResult> results;
  std::vector<double> p_values;
  for (const auto& key : keys) {
    const auto* b = find_samples(samples, key);
    const auto* series = b ? gated_series(*b) : nullptr;
    LookResult result;
    result.key = key;
    if (series) result.analysis = analyse_pairs(series->base, series->head, 1.0 - alpha_look);
    p_values.push_back(result.analysis.p_value);
    results.push_back(std::move(result));
  }
  auto adjusted = stats::benjamini_hochberg(p_values);
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto& r = results[i];
    r.p_adjusted = adjusted[i];
    r.decision = policy::stop_decision(
        {r.analysis.ratio, r.analysis.ci_low, r.analysis.ci_high, r.p_adjusted},
        thresholds.for_benchmark(r.key.second), alpha_look, last_look);
  }
  return results;
}

MeasurementOutcome run_sequential_measurement(util::ProcessRunner& runner,
                                              const std::vector<bench::SuitePair>& suites,
                                              const SequentialPlan& plan,
                                              util::Progress& progress) {
  auto started = Clock::now();
  MeasurementOutcome outcome;
  const auto& looks = plan.schedule.looks;
  double alpha_look = plan.schedule.alpha_per_look(plan.alpha);

  bench::RoundPlan primary_plan = plan.rounds;
  primary_plan.planned_rounds = plan.schedule.max_rounds();
  bench::RoundScheduler primary(runner, suites, primary_plan);
  primary.run_warmup(progress);
  auto measuring_started = Clock::now();

  std::map<bench::BenchmarkKey, LookResult> decided;
  std::set<bench::BenchmarkKey> undecided;
  std::set<bench::BenchmarkKey> decided_by_budget;
  bool benchmarks_known = false;
  for (std::size_t look = 0; look < looks.size(); ++look) {
    primary.set_round_label("next look at " + std::to_string(looks[look]) + ", " +
                            (benchmarks_known ? std::to_string(undecided.size()) + " undecided"
                                              : std::string("all benchmarks")));
    while (primary.rounds_done() < looks[look]) {
      if (plan.budget &&
          seconds_since(measuring_started) >= static_cast<double>(plan.budget->count())) {
        outcome.budget_exhausted = true;
        break;
      }
      primary.run_round(progress);
    }
    if (!benchmarks_known) {
      for (const auto& b : primary.samples().benchmarks) {
        if (b.in_base && b.in_head) undecided.insert({b.suite, b.name});
      }
      benchmarks_known = true;
    }
    if (undecided.empty() || primary.rounds_done() == 0) break;
    bool last_look = look + 1 == looks.size() || outcome.budget_exhausted;
    auto results = evaluate_look(primary.samples(), {undecided.begin(), undecided.end()},
                                 plan.thresholds, alpha_look, last_look);
    for (auto& result : results) {
      if (result.decision == StopDecision::kContinue) continue;
      undecided.erase(result.key);
      if (outcome.budget_exhausted) decided_by_budget.insert(result.key);
      decided[result.key] = std::move(result);
    }
    if (outcome.budget_exhausted || undecided.empty()) break;
    primary.restrict_to(undecided);
  }
  progress.clear();
  outcome.primary_rounds = primary.rounds_done();

  // Assemble outcomes in the binaries' order, new and gone benchmarks included.
  std::set<bench::BenchmarkKey> flagged;
  for (const auto& b : primary.samples().benchmarks) {
    BenchmarkOutcome o;
    o.suite = b.suite;
    o.name = b.name;
    o.metric = b.gated_metric;
    o.in_base = b.in_base;
    o.in_head = b.in_head;
    o.head_counters = b.head_counters;
    o.skip_message = b.skip_message;
    o.alpha_used = alpha_look;
    if (const auto* series = gated_series(b)) {
      o.base_values = series->base;
      o.head_values = series->head;
    }
    auto found = decided.find({b.suite, b.name});
    if (found != decided.end()) {
      o.analysis = found->second.analysis;
      o.p_adjusted = found->second.p_adjusted;
      o.decision = found->second.decision;
      o.stopped_by_budget = decided_by_budget.count({b.suite, b.name}) > 0;
      if (o.decision == StopDecision::kStopRegression ||
          o.decision == StopDecision::kStopImprovement) {
        flagged.insert({b.suite, b.name});
      }
    }
    outcome.benchmarks.push_back(std::move(o));
  }

  // Confirmation: a flagged regression (or improvement) must show again on fresh rounds, so one
  // unlucky stretch of noise cannot fail the gate, nor claim a speed-up, on its own.
  if (!flagged.empty() && plan.confirmation_rounds > 0) {
    bench::RoundPlan confirm_plan = plan.rounds;
    confirm_plan.seed = plan.rounds.seed ^ 0x9e3779b97f4a7c15ULL;
    confirm_plan.warmup_rounds = 0;
    confirm_plan.planned_rounds = plan.confirmation_rounds;
    bench::RoundScheduler confirm(runner, suites, confirm_plan);
    confirm.restrict_to(flagged);
    confirm.set_round_label("confirming " + std::to_string(flagged.size()) + " change(s)");
    while (confirm.rounds_done() < plan.confirmation_rounds) confirm.run_round(progress);
    progress.clear();
    outcome.confirmation_rounds = confirm.rounds_done();
    outcome.benchmark_process_seconds += confirm.samples().benchmark_process_seconds;

    std::vector<BenchmarkOutcome*> targets;
    std::vector<double> p_values;
    for (auto& o : outcome.benchmarks) {
      if (!flagged.count({o.suite, o.name})) continue;
      Confirmation c;
      if (const auto* b = find_samples(confirm.samples(), {o.suite, o.name})) {
        if (const auto* series = gated_series(*b)) {
          c.base_values = series->base;
          c.head_values = series->head;
        }
      }
      c.analysis = analyse_pairs(c.base_values, c.head_values, 1.0 - plan.alpha);
      p_values.push_back(c.analysis.p_value);
      o.confirmation = std::move(c);
      targets.push_back(&o);
    }
    auto adjusted = stats::benjamini_hochberg(p_values);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      Confirmation& c = *targets[i]->confirmation;
      c.p_adjusted = adjusted[i];
      c.confirmed =
          policy::decide({c.analysis.ratio, c.analysis.ci_low, c.analysis.ci_high, c.p_adjusted},
                         plan.thresholds.for_benchmark(targets[i]->name), plan.alpha) ==
          (targets[i]->decision == StopDecision::kStopRegression ? policy::Verdict::kRegression
                                                                 : policy::Verdict::kImprovement);
    }
  }

  outcome.benchmark_process_seconds += primary.samples().benchmark_process_seconds;
  outcome.native_setup_seconds = primary.samples().native_setup_seconds;
  outcome.wall_seconds = seconds_since(started);
  return outcome;
}

}  // namespace perfwarden::gate
