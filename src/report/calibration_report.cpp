#include "report/calibration_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "util/regex_escape.h"
#include "util/terminal.h"

namespace perfwarden::report {
namespace {

using json = nlohmann::ordered_json;

}  // namespace

std::string render_calibration_console(const CalibrationReport& report, bool color) {
  std::ostringstream out;
  out << "perfwarden " << report.tool_version << ": calibration of "
      << escape_terminal(report.revision.spec) << " (" << short_id(report.revision.commit) << "), "
      << report.rounds << " A/A rounds; figures for a gate of " << report.gate_rounds
      << " rounds at " << format_percent(report.power, 2) << " power\n";
  std::vector<std::vector<std::string>> rows = {
      {"benchmark", "median", "paired noise", "threshold", "catches from", "suggested", ""}};
  for (const auto& b : report.benchmarks) {
    rows.push_back({escape_terminal(b.suite + "/" + b.name),
                    format_metric_value(b.metric, b.median), format_percent(b.paired_cv, 2),
                    format_threshold(b.threshold), format_percent(b.detectable, 2),
                    format_threshold(b.suggested_threshold), b.advisory ? "advisory" : ""});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      std::string cell = rows[r][c];
      cell.resize(std::max(cell.size(), widths[c]), ' ');
      if (c == rows[r].size() - 1 && r > 0 && !rows[r][c].empty()) {
        cell = util::styled(cell, util::Style::kYellow, color);
      }
      line += (c ? "  " : "") + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << (r == 0 ? util::styled(line, util::Style::kBold, color) : line) << "\n";
  }
  for (const auto& warning : report.warnings) {
    out << util::styled("warning: ", util::Style::kYellow, color) << escape_terminal(warning)
        << "\n";
  }
  out << "\n'catches from': the smallest slowdown the gate catches with "
      << format_percent(report.power, 2)
      << " probability at today's threshold.\n'suggested': a threshold noise alone crosses at most "
         "0.13% of the time; 'advisory': too noisy to gate below "
      << format_threshold(kAdvisoryAbove) << ". Write them as config with --write FILE.\n";
  return out.str();
}

std::string render_calibration_json(const CalibrationReport& report) {
  json benchmarks = json::array();
  for (const auto& b : report.benchmarks) {
    benchmarks.push_back({{"suite", b.suite},
                          {"name", b.name},
                          {"metric", b.metric},
                          {"rounds", b.rounds},
                          {"median", b.median},
                          {"paired_cv", b.paired_cv},
                          {"threshold", b.threshold},
                          {"detectable", b.detectable},
                          {"suggested_threshold", b.suggested_threshold},
                          {"advisory", b.advisory}});
  }
  json root = {{"schema", "perfwarden.calibration/1"},
               {"tool_version", report.tool_version},
               {"revision", {{"spec", report.revision.spec}, {"commit", report.revision.commit}}},
               {"rounds", report.rounds},
               {"gate_rounds", report.gate_rounds},
               {"power", report.power},
               {"warnings", report.warnings},
               {"benchmarks", benchmarks}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_calibration_config(const CalibrationReport& report) {
  json per_benchmark = json::object();
  json advisory = json::array();
  for (const auto& b : report.benchmarks) {
    // Exact-name patterns: benchmark names may contain regex metacharacters ("BM_x/8").
    std::string pattern = util::escape_regex(b.name);
    if (b.advisory) {
      advisory.push_back(pattern);
    } else {
      per_benchmark[pattern] = b.suggested_threshold;
    }
  }
  json root = {{"thresholds", {{"per_benchmark", per_benchmark}}}, {"advisory", advisory}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace perfwarden::report
