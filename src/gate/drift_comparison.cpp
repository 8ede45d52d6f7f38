#include "gate/drift_comparison.h"

#include <algorithm>
#include <cmath>

#include "gate/instruction_comparison.h"
#include "report/format.h"
#include "stats/descriptive.h"
#include "stats/hodges_lehmann.h"
#include "stats/mann_whitney.h"
#include "stats/multiple_testing.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;

const std::vector<double>* values_of(const baseline::MetricValues& metrics,
                                     const std::string& metric) {
  auto found = metrics.find(metric);
  return found == metrics.end() || found->second.empty() ? nullptr : &found->second;
}

std::vector<double> logs(const std::vector<double>& values) {
  std::vector<double> result;
  for (double v : values) result.push_back(std::log(std::max(v, 1e-3)));
  return result;
}

report::BenchmarkResult time_drift(const std::string& suite, const std::string& name,
                                   const std::string& metric, const std::vector<double>* stored,
                                   const std::vector<double>* head,
                                   const config::GateConfig& config, double alpha) {
  report::BenchmarkResult r;
  r.suite = suite;
  r.name = name;
  r.metric = metric;
  r.tier = report::Tier::kDrift;
  r.threshold = config.thresholds.for_benchmark(name);
  r.advisory = config.is_advisory(name);
  if (stored) r.base_values = *stored, r.base_median = stats::median(*stored);
  if (head) r.head_values = *head, r.head_median = stats::median(*head);
  if (!stored || !head) {
    r.verdict = head ? Verdict::kNew : Verdict::kGone;
    r.reason = head ? "not in the stored baseline" : "in the stored baseline, not in head";
    return r;
  }
  auto head_logs = logs(*head);
  auto stored_logs = logs(*stored);
  auto shift = stats::hodges_lehmann_two_sample(head_logs, stored_logs, 1.0 - alpha);
  r.ratio = std::exp(shift.estimate);
  r.ci_low = std::exp(shift.lower);
  r.ci_high = std::exp(shift.upper);
  r.confidence = shift.confidence;
  r.p_value = stats::mann_whitney_u(head_logs, stored_logs).p_value;
  r.rounds = static_cast<int>(head->size());
  return r;
}

}  // namespace

std::vector<report::BenchmarkResult> compare_to_baseline(
    const baseline::BaselineFile& stored, const SuiteValues& head, const config::Suite& suite,
    const config::GateConfig& config, double alpha, bool timing_comparable, bool instructions) {
  // Names in head order, then the ones only the baseline has.
  std::vector<std::string> names;
  for (const auto& [name, metrics] : head) names.push_back(name);
  for (const auto& [name, metrics] : stored.benchmarks) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  auto head_metrics = [&](const std::string& name) -> const baseline::MetricValues* {
    for (const auto& [n, metrics] : head) {
      if (n == name) return &metrics;
    }
    return nullptr;
  };
  auto stored_metrics = [&](const std::string& name) -> const baseline::MetricValues* {
    auto found = stored.benchmarks.find(name);
    return found == stored.benchmarks.end() ? nullptr : &found->second;
  };

  std::vector<report::BenchmarkResult> results;
  std::vector<std::size_t> tested;
  std::vector<double> p_values;
  for (const auto& name : names) {
    const auto* in_head = head_metrics(name);
    const auto* in_stored = stored_metrics(name);
    if (timing_comparable) {
      const std::string time_metric(config::gated_time_metric(suite, name));
      const auto* stored_values = in_stored ? values_of(*in_stored, time_metric) : nullptr;
      const auto* head_values = in_head ? values_of(*in_head, time_metric) : nullptr;
      if (stored_values || head_values) {
        results.push_back(
            time_drift(suite.name, name, time_metric, stored_values, head_values, config, alpha));
        if (stored_values && head_values) {
          tested.push_back(results.size() - 1);
          p_values.push_back(results.back().p_value);
        }
      }
    }
    if (instructions) {
      const auto* stored_count = in_stored ? values_of(*in_stored, "instructions") : nullptr;
      const auto* head_count = in_head ? values_of(*in_head, "instructions") : nullptr;
      if (stored_count || head_count) {
        auto r = instruction_result(
            suite.name, name,
            stored_count ? std::optional<double>(stored_count->front()) : std::nullopt,
            head_count ? std::optional<double>(head_count->front()) : std::nullopt,
            config.instructions, config.is_advisory(name));
        r.tier = report::Tier::kDrift;
        results.push_back(std::move(r));
      }
    }
  }

  auto adjusted = stats::benjamini_hochberg(p_values);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    auto& r = results[tested[k]];
    r.p_adjusted = adjusted[k];
    r.verdict = policy::decide({r.ratio, r.ci_low, r.ci_high, r.p_adjusted}, r.threshold, alpha);
    std::string since = " since the baseline of " + stored.provenance.commit.substr(0, 12);
    r.reason = report::format_change(r.ratio) + " " + report::format_interval(r.ci_low, r.ci_high) +
               since + " (threshold " + report::format_threshold(r.threshold) + ")";
  }
  for (auto& r : results) {
    if (r.metric == "instructions" && r.verdict != Verdict::kNew && r.verdict != Verdict::kGone) {
      r.reason += " since the baseline of " + stored.provenance.commit.substr(0, 12);
    }
  }
  return results;
}

}  // namespace perfwarden::gate
