#include "report/format.h"

#include <cmath>
#include <cstdio>

#include "util/regex_escape.h"

namespace perfwarden::report {

std::string format_duration_ns(double ns) {
  char text[32];
  if (!std::isfinite(ns)) return "-";
  if (ns < 1e3) {
    std::snprintf(text, sizeof text, "%.1f ns", ns);
  } else if (ns < 1e6) {
    std::snprintf(text, sizeof text, "%.2f µs", ns / 1e3);
  } else if (ns < 1e9) {
    std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ns / 1e9);
  }
  return text;
}

std::string format_count(double count) {
  char text[32];
  if (!std::isfinite(count)) return "-";
  if (count < 1e4) {
    std::snprintf(text, sizeof text, "%.0f", count);
  } else if (count < 1e6) {
    std::snprintf(text, sizeof text, "%.2f k", count / 1e3);
  } else if (count < 1e9) {
    std::snprintf(text, sizeof text, "%.2f M", count / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.2f G", count / 1e9);
  }
  return text;
}

std::string format_metric_value(const std::string& metric, double value) {
  return metric == "instructions" ? format_count(value) + " instr" : format_duration_ns(value);
}

std::string format_change(double ratio) {
  char text[32];
  if (!std::isfinite(ratio)) return "-";
  double percent = (ratio - 1.0) * 100.0;
  if (std::fabs(percent) >= 100.0) {
    std::snprintf(text, sizeof text, "%+.0f%%", percent);
  } else {
    std::snprintf(text, sizeof text, "%+.1f%%", percent);
  }
  return text;
}

std::string format_interval(double low, double high) {
  return "[" + format_change(low) + ", " + format_change(high) + "]";
}

std::string format_threshold(double threshold) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", threshold * 100.0);
  return text;
}

std::string format_percent(double fraction, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f%%", decimals, fraction * 100.0);
  return text;
}

std::string short_id(const std::string& id) { return id.substr(0, 12); }

bool is_compared(const BenchmarkResult& b) {
  // A row with no values on either side was never measured (its suite's builds load the same
  // bytes): its ratio of 1 is a convention, not a figure to print as "+0.0% [+0.0%, +0.0%]".
  const bool measured = !b.base_values.empty() || !b.head_values.empty();
  return measured && b.verdict != policy::Verdict::kNew && b.verdict != policy::Verdict::kGone;
}

std::string format_base_value(const BenchmarkResult& b) {
  return b.base_values.empty() ? "-" : format_metric_value(b.metric, b.base_median);
}

std::string format_head_value(const BenchmarkResult& b) {
  return b.head_values.empty() ? "-" : format_metric_value(b.metric, b.head_median);
}

std::string format_result_change(const BenchmarkResult& b) {
  return is_compared(b) ? format_change(b.ratio) : "-";
}

std::string format_result_interval(const BenchmarkResult& b) {
  return is_compared(b) ? format_interval(b.ci_low, b.ci_high) : "-";
}

std::string benchmark_label(const BenchmarkResult& b) { return b.suite + "/" + b.name; }

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return "-";
  if (p < 1e-4) return "< 0.0001";
  char text[32];
  std::snprintf(text, sizeof text, "%.2g", p);
  return text;
}

std::string format_confirmation(const ConfirmationResult& c) {
  return std::string(c.confirmed ? "confirmed" : "not confirmed") + " by " +
         std::to_string(c.rounds) + " fresh rounds: " + format_change(c.ratio) + " " +
         format_interval(c.ci_low, c.ci_high);
}

std::string format_outcome_counts(const Report& report) {
  using policy::Verdict;
  if (report.benchmarks.empty() && report.failures.empty()) {
    // A policy-only report (`perfwarden owners`): no benchmark was measured.
    return report.findings.empty() ? "no policy findings"
                                   : std::to_string(report.findings.size()) + " policy finding(s)";
  }
  std::string counts = std::to_string(report.count(Verdict::kRegression)) + " regression(s), " +
                       std::to_string(report.count(Verdict::kImprovement)) + " improvement(s), " +
                       std::to_string(report.count(Verdict::kSame)) + " same, " +
                       std::to_string(report.count(Verdict::kInconclusive)) + " inconclusive";
  if (int placement = report.count(Verdict::kPlacement); placement > 0)
    counts += ", " + std::to_string(placement) + " placement";
  if (!report.failures.empty())
    counts += ", " + std::to_string(report.failures.size()) + " failure(s)";
  if (!report.findings.empty())
    counts += ", " + std::to_string(report.findings.size()) + " policy finding(s)";
  return counts;
}

std::string format_waiver_hint(const BenchmarkResult& b) {
  if (b.waivable_by.empty() || b.waiver || b.advisory || b.verdict != policy::Verdict::kRegression)
    return {};
  std::string owners;
  for (const auto& owner : b.waivable_by) owners += (owners.empty() ? "" : ", ") + owner;
  // The trailer's pattern ends at its first ": ", so a space in the name is written "[ ]".
  std::string pattern;
  for (char c : util::escape_regex(b.name))
    pattern += c == ' ' ? std::string("[ ]") : std::string(1, c);
  return "To accept it as intended, " + (b.waivable_by.size() == 1 ? owners : "one of " + owners) +
         " adds `Perf-Waiver: " + pattern +
         ": <why it is intended>` to a commit message of this change";
}

namespace {

bool was_built(const RevisionSummary& r) {
  return r.build_reused || r.build_seconds > 0 ||
         r.build_objects_from_cache + r.build_objects_compiled > 0;
}

}  // namespace

bool has_builds(const Report& report) { return was_built(report.base) || was_built(report.head); }

std::string format_build_cost(const RevisionSummary& revision) {
  if (!was_built(revision)) return "none";  // `check`'s base: the stored baselines
  if (revision.build_reused) return "reused";
  char text[96];
  const int total = revision.build_objects_from_cache + revision.build_objects_compiled;
  if (revision.build_compiler_cache && total > 0) {
    std::snprintf(text, sizeof text, "%.1f s, %d of %d objects from ccache", revision.build_seconds,
                  revision.build_objects_from_cache, total);
  } else if (total > 0) {
    std::snprintf(text, sizeof text, "%.1f s, %d objects compiled", revision.build_seconds, total);
  } else {
    std::snprintf(text, sizeof text, "%.1f s", revision.build_seconds);
  }
  return text;
}

}  // namespace perfwarden::report
