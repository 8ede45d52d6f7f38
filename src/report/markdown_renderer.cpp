#include "report/markdown_renderer.h"

#include <cctype>
#include <cstdio>
#include <functional>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"

namespace perfwarden::report {
namespace {

using policy::Verdict;

std::string benchmark_cell(const BenchmarkResult& b) {
  std::string cell = escape_markdown(benchmark_label(b));
  if (b.advisory) cell += " *(advisory)*";
  if (b.tier == Tier::kDrift) cell += " *(drift since baseline)*";
  return cell;
}

std::string revision_line(const char* role, const RevisionSummary& r) {
  std::string line = std::string("**") + role + "** " + escape_markdown(r.spec) + " (" +
                     escape_markdown(short_id(r.commit)) + ")";
  if (!r.summary.empty()) line += ": " + escape_markdown(r.summary);
  return line;
}

void comparison_table(std::ostringstream& out, const std::vector<const BenchmarkResult*>& rows) {
  out << "| benchmark | metric | base | head | change | interval | p (adj.) | rounds |\n"
      << "|---|---|--:|--:|--:|--:|--:|--:|\n";
  for (const auto* b : rows) {
    out << "| " << benchmark_cell(*b) << " | " << escape_markdown(b->metric) << " | "
        << format_base_value(*b) << " | " << format_head_value(*b) << " | "
        << format_result_change(*b) << " | " << format_result_interval(*b) << " | "
        << format_p_value(b->p_adjusted) << " | " << b->rounds << " |\n";
  }
  out << "\n";
}

std::vector<const BenchmarkResult*> results_where(
    const Report& report, const std::function<bool(const BenchmarkResult&)>& keep) {
  std::vector<const BenchmarkResult*> selected;
  for (const auto& b : report.benchmarks) {
    if (keep(b)) selected.push_back(&b);
  }
  return selected;
}

// One benchmark's why: its reason (which ends with its confirmation), where the time went,
// whether it gates, and the changed hot-path files.
void detail_line(std::ostringstream& out, const BenchmarkResult& b) {
  out << "- **" << escape_markdown(benchmark_label(b)) << "** (" << escape_markdown(b.metric)
      << ", threshold " << format_threshold(b.threshold) << "): " << escape_markdown(b.reason);
  if (!b.reason.empty() && b.reason.back() != '.') out << ".";
  if (b.evidence && !b.evidence->where.empty()) {
    out << " Where it went: " << escape_markdown(policy::describe_where(b.evidence->where)) << ".";
  }
  if (b.advisory) out << " Advisory: reported, does not fail the gate.";
  if (const std::string hint = format_waiver_hint(b); !hint.empty())
    out << " " << escape_markdown(hint) << ".";
  if (!b.hot_path_files.empty()) {
    out << " Changed hot-path files:";
    for (std::size_t i = 0; i < b.hot_path_files.size(); ++i)
      out << (i ? ", " : " ") << escape_markdown(b.hot_path_files[i]);
    out << ".";
  }
  out << "\n";
}

}  // namespace

std::string render_markdown(const Report& report) {
  std::ostringstream out;
  out << "## " << (report.passed() ? "✅ perfwarden: pass" : "❌ perfwarden: FAIL") << "\n\n"
      << "**" << format_outcome_counts(report) << "**\n\n"
      << revision_line("base", report.base) << "  \n"
      << revision_line("head", report.head) << "\n\n";
  for (const auto& notice : report.notices)
    out << "> **Note:** " << escape_markdown(notice) << "\n\n";

  auto regressions = results_where(report, [](const BenchmarkResult& b) {
    return b.verdict == Verdict::kRegression && !b.waiver;
  });
  if (!regressions.empty()) {
    out << "### Regressions\n\n";
    comparison_table(out, regressions);
    for (const auto* b : regressions) detail_line(out, *b);
    out << "\n";
  }
  auto placements = results_where(
      report, [](const BenchmarkResult& b) { return b.verdict == Verdict::kPlacement; });
  if (!placements.empty()) {
    out << "### Placement (slower, but not through the changed code)\n\n";
    comparison_table(out, placements);
    for (const auto* b : placements) detail_line(out, *b);
    out << "\n";
  }

  if (!report.failures.empty()) {
    out << "### Failures\n\n";
    for (const auto& failure : report.failures) {
      out << "**" << escape_markdown(failure.title) << "**\n\n";
      if (!failure.detail.empty()) out << markdown_code_block(failure.detail) << "\n";
    }
  }

  if (!report.findings.empty()) {
    out << "### Policy findings\n\n";
    for (const auto& f : report.findings) {
      out << "- **" << escape_markdown(f.rule) << "**: " << escape_markdown(f.message);
      if (!f.commit.empty()) out << " (commit " << escape_markdown(short_id(f.commit)) << ")";
      out << "\n";
      if (!f.paths.empty()) {
        out << "  - paths:";
        for (std::size_t i = 0; i < f.paths.size(); ++i)
          out << (i ? ", " : " ") << escape_markdown(f.paths[i]);
        out << "\n";
      }
      if (!f.fix.empty()) out << "  - fix: " << escape_markdown(f.fix) << "\n";
    }
    out << "\n";
  }

  auto waived =
      results_where(report, [](const BenchmarkResult& b) { return b.waiver.has_value(); });
  if (!waived.empty()) {
    out << "### Accepted by their owners (regressions, removed benchmarks)\n\n"
        << "| benchmark | change | interval | accepted by | why | commit |\n"
        << "|---|--:|--:|---|---|---|\n";
    for (const auto* b : waived) {
      out << "| " << benchmark_cell(*b) << " | " << format_result_change(*b) << " | "
          << format_result_interval(*b) << " | " << escape_markdown(b->waiver->owner) << " | "
          << escape_markdown(b->waiver->reason) << " | "
          << escape_markdown(short_id(b->waiver->commit)) << " |\n";
    }
    out << "\n";
  }

  auto improvements = results_where(
      report, [](const BenchmarkResult& b) { return b.verdict == Verdict::kImprovement; });
  if (!improvements.empty()) {
    out << "### Improvements\n\n";
    comparison_table(out, improvements);
  }

  auto others = results_where(report, [](const BenchmarkResult& b) {
    return b.verdict != Verdict::kRegression && b.verdict != Verdict::kImprovement &&
           b.verdict != Verdict::kPlacement;
  });
  if (!others.empty()) {
    out << "<details><summary>Other results (" << others.size()
        << ": same, inconclusive, new, gone)</summary>\n\n"
        << "| benchmark | metric | verdict | change | interval | why |\n"
        << "|---|---|---|--:|--:|---|\n";
    // GitHub refuses PR comments over 65,536 characters: the uneventful rows give way first.
    constexpr std::size_t kOtherRowsBudget = 40000;
    std::size_t written = 0;
    std::size_t shown = 0;
    for (const auto* b : others) {
      std::ostringstream row;
      row << "| " << benchmark_cell(*b) << " | " << escape_markdown(b->metric) << " | "
          << policy::to_string(b->verdict) << " | " << format_result_change(*b) << " | "
          << format_result_interval(*b) << " | " << escape_markdown(b->reason) << " |\n";
      written += row.str().size();
      if (written > kOtherRowsBudget) break;
      out << row.str();
      ++shown;
    }
    if (shown < others.size()) {
      out << "\n"
          << others.size() - shown
          << " more rows are left out to fit a PR comment: see the JSON or HTML report.\n";
    }
    out << "\n</details>\n\n";
  }

  if (!report.warnings.empty()) {
    out << "<details><summary>Warnings (" << report.warnings.size() << ")</summary>\n\n";
    for (const auto& warning : report.warnings) out << "- " << escape_markdown(warning) << "\n";
    out << "\n</details>\n\n";
  }

  const Settings& s = report.settings;
  out << "<details><summary>Settings and timing</summary>\n\n"
      << "- rounds: " << s.rounds_run << " (+" << s.confirmation_rounds << " confirmation, "
      << s.warmup_rounds << " warm-up)";
  if (!s.looks.empty()) {
    out << "; looks at";
    for (std::size_t i = 0; i < s.looks.size(); ++i) out << (i ? ", " : " ") << s.looks[i];
  }
  out << "\n- metrics:";
  for (std::size_t i = 0; i < s.metrics.size(); ++i)
    out << (i ? ", " : " ") << escape_markdown(s.metrics[i]);
  char line[256];
  std::snprintf(line, sizeof line,
                "\n- alpha %g, seed %llu, min time %g s\n- %.1f s in total: %.1f s building, "
                "%.1f s measuring (%.1f s inside benchmarks)\n",
                s.alpha, static_cast<unsigned long long>(s.seed), s.min_time_seconds,
                report.timing.total_seconds, report.timing.build_seconds,
                report.timing.measure_seconds, report.timing.inside_benchmarks_seconds);
  out << line;
  if (has_builds(report)) {
    out << "- builds: base " << format_build_cost(report.base) << ", head "
        << format_build_cost(report.head) << "\n";
  }
  out << "- perfwarden " << escape_markdown(report.tool_version) << "\n\n</details>\n";
  return out.str();
}

}  // namespace perfwarden::report
