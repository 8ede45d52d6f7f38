#include "gate/compare_samples.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stats/descriptive.h"
#include "stats/hodges_lehmann.h"
#include "stats/multiple_testing.h"
#include "stats/wilcoxon.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;

// Google Benchmark may report 0 ns for an optimised-away loop; keep the logarithm finite.
constexpr double kSmallestTimeNs = 1e-3;

std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.1f%%", (ratio - 1.0) * 100.0);
  return text;
}

std::string explain(const report::BenchmarkResult& r, double alpha) {
  std::string interval = "[" + percent(r.ci_low) + ", " + percent(r.ci_high) + "]";
  char threshold[32];
  std::snprintf(threshold, sizeof threshold, "%.1f%%", r.threshold * 100.0);
  switch (r.verdict) {
    case Verdict::kRegression:
      return "slower: the whole interval " + interval + " is above the +" + threshold +
             " threshold";
    case Verdict::kImprovement:
      return "faster: the whole interval " + interval + " is beyond the -" + threshold +
             " threshold";
    case Verdict::kSame:
      return "the interval " + interval + " lies within ±" + threshold;
    case Verdict::kInconclusive: {
      char p[48];
      std::snprintf(p, sizeof p, "adjusted p = %.3g%s", r.p_adjusted,
                    r.p_adjusted < alpha ? "" : " (not significant)");
      return "the interval " + interval + " straddles the ±" + threshold + " threshold, " + p +
             "; more rounds or a quieter machine would decide";
    }
    case Verdict::kNew:
      return "only in head";
    case Verdict::kGone:
      return "only in base";
  }
  return {};
}

}  // namespace

Comparison compare_samples(const bench::SampleSet& samples, const config::Thresholds& thresholds,
                           double alpha) {
  Comparison comparison;
  std::vector<std::size_t> tested;  // indices into comparison.benchmarks that carry a p-value
  std::vector<double> p_values;

  for (const auto& b : samples.benchmarks) {
    report::BenchmarkResult r;
    r.suite = b.suite;
    r.name = b.name;
    r.metric = b.gated_metric;
    r.threshold = thresholds.for_benchmark(b.name);
    auto found = b.metrics.find(b.gated_metric);
    if (found != b.metrics.end()) {
      r.base_values = found->second.base;
      r.head_values = found->second.head;
    }
    if (!r.base_values.empty()) r.base_median = stats::median(r.base_values);
    if (!r.head_values.empty()) r.head_median = stats::median(r.head_values);

    if (!b.in_head || !b.in_base) {
      r.verdict = b.in_head ? Verdict::kNew : Verdict::kGone;
      r.reason = explain(r, alpha);
      comparison.benchmarks.push_back(std::move(r));
      continue;
    }

    std::size_t rounds = std::min(r.base_values.size(), r.head_values.size());
    std::vector<double> log_ratios;
    log_ratios.reserve(rounds);
    for (std::size_t i = 0; i < rounds; ++i) {
      log_ratios.push_back(std::log(std::max(r.head_values[i], kSmallestTimeNs) /
                                    std::max(r.base_values[i], kSmallestTimeNs)));
    }
    r.rounds = static_cast<int>(rounds);
    auto test = stats::wilcoxon_signed_rank(log_ratios);
    auto shift = stats::hodges_lehmann_one_sample(log_ratios, 1.0 - alpha);
    r.p_value = test.p_value;
    r.ratio = std::exp(shift.estimate);
    r.ci_low = std::exp(shift.lower);
    r.ci_high = std::exp(shift.upper);
    r.confidence = shift.confidence;
    tested.push_back(comparison.benchmarks.size());
    p_values.push_back(r.p_value);
    comparison.benchmarks.push_back(std::move(r));
  }

  auto adjusted = stats::benjamini_hochberg(p_values);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    auto& r = comparison.benchmarks[tested[k]];
    r.p_adjusted = adjusted[k];
    r.verdict = policy::decide({r.ratio, r.ci_low, r.ci_high, r.p_adjusted}, r.threshold, alpha);
    r.reason = explain(r, alpha);
  }

  // With n rounds the smallest two-sided signed-rank p-value is 2 / 2^n: fewer rounds than
  // that allows can never show significance, so every verdict would be same/inconclusive.
  if (!tested.empty()) {
    int rounds = samples.rounds;
    double smallest_p = 2.0 / std::pow(2.0, rounds);
    if (smallest_p >= alpha) {
      int needed = static_cast<int>(std::ceil(std::log2(2.0 / alpha))) + 1;
      comparison.warnings.push_back("only " + std::to_string(rounds) +
                                    " rounds: results cannot reach significance; use --rounds " +
                                    std::to_string(std::max(needed, 8)) + " or more");
    }
  }
  return comparison;
}

}  // namespace perfwarden::gate
