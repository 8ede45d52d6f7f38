#include "report/console_renderer.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "util/terminal.h"

namespace perfwarden::report {
namespace {

using policy::Verdict;
using util::Style;

Style verdict_style(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegression:
      return Style::kRed;
    case Verdict::kImprovement:
      return Style::kGreen;
    case Verdict::kInconclusive:
    case Verdict::kPlacement:
      return Style::kYellow;
    default:
      return Style::kDim;
  }
}

// Display width of UTF-8 text (our own strings use "µ"; names are ASCII in practice).
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& text, std::size_t width, bool right_align = false) {
  std::size_t w = display_width(text);
  if (w >= width) return text;
  std::string fill(width - w, ' ');
  return right_align ? fill + text : text + fill;
}

}  // namespace

std::string render_console(const Report& report, bool color) {
  std::ostringstream out;
  // Every text from outside (revision specs, benchmark names, reasons quoting them, trailers,
  // build logs) goes through escape_terminal: this output is printed to a terminal as is.
  const auto shown = [](std::string_view text) { return escape_terminal(text); };
  out << "perfwarden " << shown(report.tool_version) << ": base " << shown(report.base.spec) << " ("
      << shown(short_id(report.base.commit)) << ") vs head " << shown(report.head.spec) << " ("
      << shown(short_id(report.head.commit)) << ")\n";
  for (const auto& notice : report.notices) out << "note: " << shown(notice) << "\n";

  if (!report.benchmarks.empty()) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"benchmark", "base", "head", "change", "interval", "verdict"});
    for (const auto& b : report.benchmarks) {
      rows.push_back({shown(benchmark_label(b)), format_base_value(b), format_head_value(b),
                      format_result_change(b), format_result_interval(b),
                      std::string(policy::to_string(b.verdict))});
    }
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c)
        widths[c] = std::max(widths[c], display_width(row[c]));
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        bool numeric = c >= 1 && c <= 3;
        std::string cell = pad(row[c], widths[c], numeric && r > 0);
        if (c == row.size() - 1 && r > 0) {
          cell = util::styled(row[c], verdict_style(report.benchmarks[r - 1].verdict), color);
        } else if (r == 0) {
          cell = util::styled(cell, Style::kBold, color);
        }
        line += (c ? "  " : "") + cell;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
  }

  // Why, for every verdict that is news: an improvement too, which deterministic evidence can
  // decide while the time alone moved the other way within its noise ("+3.2% improvement").
  for (const auto& b : report.benchmarks) {
    if (b.verdict == Verdict::kRegression || b.verdict == Verdict::kInconclusive ||
        b.verdict == Verdict::kPlacement || b.verdict == Verdict::kImprovement) {
      out << "  " << shown(benchmark_label(b))
          << (b.metric == "instructions" ? " (instructions)" : "")
          << (b.advisory ? " [advisory]" : "") << ": " << shown(b.reason) << "\n";
      if (b.evidence && !b.evidence->where.empty()) {
        out << "    where it went: " << shown(policy::describe_where(b.evidence->where)) << "\n";
      }
      if (const std::string hint = format_waiver_hint(b); !hint.empty())
        out << "    " << shown(hint) << "\n";
    }
  }
  for (const auto& failure : report.failures) {
    out << util::styled("FAILURE: ", Style::kRed, color) << shown(failure.title) << "\n";
    if (!failure.detail.empty()) {
      std::istringstream lines(failure.detail);
      for (std::string line; std::getline(lines, line);) out << "  | " << shown(line) << "\n";
    }
  }
  for (const auto& finding : report.findings) {
    out << util::styled("POLICY: ", Style::kRed, color) << "[" << shown(finding.rule) << "] "
        << shown(finding.message);
    if (!finding.commit.empty()) out << " (commit " << shown(short_id(finding.commit)) << ")";
    out << "\n";
    if (!finding.fix.empty()) out << "  fix: " << shown(finding.fix) << "\n";
  }
  for (const auto& b : report.benchmarks) {
    if (b.waiver) {
      out << "  " << shown(benchmark_label(b))
          << (b.verdict == Verdict::kGone ? ": removal accepted by " : ": regression accepted by ")
          << shown(b.waiver->owner) << ": " << shown(b.waiver->reason) << "\n";
    }
  }
  for (const auto& warning : report.warnings) {
    out << util::styled("warning: ", Style::kYellow, color) << shown(warning) << "\n";
  }

  out << "\n";
  if (has_builds(report)) {
    out << "builds: base " << format_build_cost(report.base) << ", head "
        << format_build_cost(report.head) << "\n";
  }
  out << (report.passed() ? util::styled("PASS", Style::kGreen, color)
                          : util::styled("FAIL", Style::kRed, color))
      << ": " << format_outcome_counts(report);
  if (!report.benchmarks.empty()) {
    char detail[160];
    std::snprintf(detail, sizeof detail, " (%d rounds, seed %llu, %.1f s)",
                  report.settings.rounds_run, static_cast<unsigned long long>(report.settings.seed),
                  report.timing.total_seconds);
    out << detail;
  }
  out << "\n";
  return out.str();
}

}  // namespace perfwarden::report
