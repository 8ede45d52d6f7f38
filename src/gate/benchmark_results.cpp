#include "gate/benchmark_results.h"

#include <cmath>
#include <cstdio>

#include "report/format.h"
#include "stats/descriptive.h"

namespace perfwarden::gate {
namespace {

using policy::StopDecision;
using policy::Verdict;

std::string interval_text(const PairedAnalysis& a) {
  return report::format_interval(a.ci_low, a.ci_high);
}

std::string p_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", p);
  return text;
}

// A flagged change keeps its verdict only if the fresh confirmation rounds say the same.
void apply_confirmation(const BenchmarkOutcome& o, report::BenchmarkResult& r) {
  if (!o.confirmation) return;
  const Confirmation& c = *o.confirmation;
  r.confirmation = report::ConfirmationResult{static_cast<int>(c.base_values.size()),
                                              c.analysis.ratio,
                                              c.analysis.ci_low,
                                              c.analysis.ci_high,
                                              c.p_adjusted,
                                              c.confirmed};
  if (c.confirmed) {
    r.reason += "; confirmed on " + std::to_string(c.analysis.rounds) +
                " fresh rounds: " + report::format_change(c.analysis.ratio) + " " +
                interval_text(c.analysis);
  } else {
    r.verdict = Verdict::kInconclusive;
    r.reason += "; NOT confirmed on " + std::to_string(c.analysis.rounds) + " fresh rounds (" +
                report::format_change(c.analysis.ratio) + " " + interval_text(c.analysis) +
                "): treat as noise, or rerun";
  }
}

report::BenchmarkResult to_result(const BenchmarkOutcome& o, const SequentialPlan& plan,
                                  const config::GateConfig& config) {
  report::BenchmarkResult r;
  r.suite = o.suite;
  r.name = o.name;
  r.metric = o.metric;
  r.threshold = plan.thresholds.for_benchmark(o.name);
  r.advisory = config.is_advisory(o.name);
  r.base_values = o.base_values;
  r.head_values = o.head_values;
  if (!r.base_values.empty()) r.base_median = stats::median(r.base_values);
  if (!r.head_values.empty()) r.head_median = stats::median(r.head_values);
  std::string threshold = report::format_threshold(r.threshold);

  if (!o.in_base || !o.in_head) {
    r.verdict = o.in_head ? Verdict::kNew : Verdict::kGone;
    r.reason = !o.skip_message.empty() ? std::string(o.in_head ? "the base" : "the head") +
                                             " skipped it: " + o.skip_message
               : o.in_head ? "only in head"
                           : "only in base";
    return r;
  }
  const PairedAnalysis& a = o.analysis;
  r.rounds = a.rounds;
  r.ratio = a.ratio;
  r.ci_low = a.ci_low;
  r.ci_high = a.ci_high;
  r.confidence = a.confidence;
  r.p_value = a.p_value;
  r.p_adjusted = o.p_adjusted;
  r.paired_cv = a.paired_cv;
  std::string after = " after " + std::to_string(a.rounds) + " rounds";
  std::string budget_note = o.stopped_by_budget ? " (the --budget ran out)" : "";

  switch (o.decision) {
    case StopDecision::kStopSame:
      r.verdict = Verdict::kSame;
      r.reason = "the interval " + interval_text(a) + " lies within ±" + threshold + after;
      break;
    case StopDecision::kStopImprovement:
      r.verdict = Verdict::kImprovement;
      r.reason = "faster by " + report::format_change(a.ratio) + " " + interval_text(a) +
                 ", adjusted p = " + p_text(o.p_adjusted) + after;
      apply_confirmation(o, r);
      break;
    case StopDecision::kStopRegression:
      r.verdict = Verdict::kRegression;
      r.reason = "slower by " + report::format_change(a.ratio) + " " + interval_text(a) +
                 ", beyond the +" + threshold + " threshold, adjusted p = " + p_text(o.p_adjusted) +
                 after;
      apply_confirmation(o, r);
      break;
    case StopDecision::kStopInconclusive:
    case StopDecision::kContinue: {
      r.verdict = Verdict::kInconclusive;
      char cv[64];
      std::snprintf(cv, sizeof cv, "paired noise %.1f%%", a.paired_cv * 100.0);
      r.reason = "the interval " + interval_text(a) + " straddles the ±" + threshold +
                 " threshold" + after + budget_note + " (" + cv +
                 "); more rounds, a quieter machine or a threshold from `perfwarden calibrate` "
                 "would decide";
      break;
    }
  }
  r.reason +=
      o.stopped_by_budget && o.decision != StopDecision::kStopInconclusive ? budget_note : "";
  return r;
}

}  // namespace

TimeResults to_benchmark_results(const MeasurementOutcome& outcome, const SequentialPlan& plan,
                                 const config::GateConfig& config) {
  TimeResults results;
  for (const auto& o : outcome.benchmarks) results.benchmarks.push_back(to_result(o, plan, config));

  // With n rounds the smallest two-sided signed-rank p-value is 2 / 2^n: fewer rounds than that
  // allows can never show significance at the look's alpha, so nothing could ever be decided.
  int max_rounds = plan.schedule.max_rounds();
  double alpha_look = plan.schedule.alpha_per_look(plan.alpha);
  if (max_rounds > 0 && 2.0 / std::pow(2.0, max_rounds) >= alpha_look) {
    int needed = static_cast<int>(std::ceil(std::log2(2.0 / alpha_look))) + 1;
    results.warnings.push_back("only " + std::to_string(max_rounds) +
                               " rounds: results cannot reach significance; use --rounds " +
                               std::to_string(std::max(needed, 8)) + " or more");
  }
  if (outcome.budget_exhausted) {
    results.warnings.push_back("the --budget ran out after " +
                               std::to_string(outcome.primary_rounds) +
                               " rounds: undecided benchmarks are inconclusive; raise --budget");
  }
  return results;
}

}  // namespace perfwarden::gate
