#include "report/bisect_report.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "util/terminal.h"

namespace perfwarden::report {
namespace {

using util::Style;

std::string change_text(const MeasuredChange& change) {
  std::string text = format_change(change.ratio);
  if (change.rounds > 1) text += " " + format_interval(change.ci_low, change.ci_high);
  return text;
}

std::string step_title(const BisectStepResult& step) {
  if (step.resolved) return "culprit " + short_id(step.culprit.id);
  if (step.undecided) return "undecided after " + short_id(step.last_good);
  return "one of " + std::to_string(step.candidates.size()) + " commits after " +
         short_id(step.last_good);
}

nlohmann::json commit_json(const BisectCommit& commit) {
  return {{"id", commit.id},         {"subject", commit.subject},
          {"author", commit.author}, {"ai_evidence", commit.ai_evidence},
          {"owners", commit.owners}, {"hot_paths", commit.hot_paths}};
}

nlohmann::json change_json(const MeasuredChange& change) {
  return {{"ratio", change.ratio},
          {"change_percent", (change.ratio - 1.0) * 100.0},
          {"ci", {change.ci_low, change.ci_high}},
          {"rounds", change.rounds}};
}

std::string summary_line(const BisectReport& report) {
  if (!report.different) return "good and bad are not different";
  int named = 0;
  for (const auto& step : report.steps) named += step.resolved;
  return std::to_string(named) + " of " + std::to_string(report.steps.size()) + " change(s) named";
}

}  // namespace

ExitCode BisectReport::exit_code() const {
  if (step_limit_reached) return ExitCode::kGateFailed;
  for (const auto& step : steps) {
    if (!step.resolved) return ExitCode::kGateFailed;
  }
  return ExitCode::kPass;
}

std::string render_bisect_console(const BisectReport& report, bool color) {
  auto shown = [](const std::string& text) { return escape_terminal(text); };
  std::ostringstream out;
  out << util::styled("bisect", Style::kBold, color) << " " << shown(report.suite) << "/"
      << shown(report.benchmark) << " (" << report.metric << "): good "
      << short_id(report.good.commit) << " -> bad " << short_id(report.bad.commit) << ", "
      << report.commits << " commits, " << change_text(report.total) << "\n";
  if (!report.different) {
    out << util::styled("not different: ", Style::kYellow, color)
        << "good and bad do not differ beyond noise and the "
        << format_percent(report.min_change, 1) << " threshold; nothing to bisect\n";
  }
  for (const auto& step : report.steps) {
    const bool named = step.resolved;
    out << (named ? util::styled("CULPRIT ", Style::kRed, color)
                  : util::styled("UNRESOLVED ", Style::kYellow, color));
    if (named) {
      out << short_id(step.culprit.id) << " " << shown(step.culprit.subject) << "\n"
          << "  author: " << shown(step.culprit.author) << "\n";
    } else {
      out << (step.undecided ? "a probe could not be placed" : "commits that did not build")
          << "; the change is one of:\n";
      for (const auto& candidate : step.candidates)
        out << "    " << short_id(candidate.id) << " " << shown(candidate.subject) << "\n";
    }
    out << "  change: " << change_text(step.change) << " (after " << short_id(step.last_good)
        << ")\n";
    if (!step.culprit.ai_evidence.empty())
      out << "  AI-generated: " << shown(step.culprit.ai_evidence) << "\n";
    if (!step.culprit.owners.empty()) {
      out << "  hot-path owner:";
      for (const auto& owner : step.culprit.owners) out << " " << shown(owner);
      out << "\n";
    }
    if (!step.unbuildable.empty()) {
      out << "  did not build or run:";
      for (const auto& id : step.unbuildable) out << " " << short_id(id);
      out << "\n";
    }
  }
  if (report.step_limit_reached) {
    out << util::styled("warning: ", Style::kYellow, color)
        << "stopped at the step limit; more changes may lie in the range\n";
  }
  for (const auto& name : report.also_matched)
    out << "also matched (not bisected): " << shown(name) << "\n";
  for (const auto& warning : report.warnings)
    out << util::styled("warning: ", Style::kYellow, color) << shown(warning) << "\n";
  out << summary_line(report) << " in " << report.builds << " builds, " << report.probes
      << " probes, " << report.rounds << " rounds, " << static_cast<int>(report.seconds + 0.5)
      << " s\n";
  return out.str();
}

std::string render_bisect_markdown(const BisectReport& report) {
  std::ostringstream out;
  out << "## perfwarden bisect: " << escape_markdown(summary_line(report)) << "\n\n"
      << "**" << escape_markdown(report.suite + "/" + report.benchmark) << "** ("
      << escape_markdown(report.metric) << ") from good `" << short_id(report.good.commit)
      << "` to bad `" << short_id(report.bad.commit)
      << "`: " << escape_markdown(change_text(report.total)) << " over " << report.commits
      << " commits\n\n";
  if (!report.steps.empty()) {
    out << "| step | commit | subject | author | change | AI evidence | hot-path owners |\n"
        << "|---|---|---|---|--:|---|---|\n";
    int n = 0;
    for (const auto& step : report.steps) {
      std::string owners;
      for (const auto& owner : step.culprit.owners)
        owners += (owners.empty() ? "" : ", ") + escape_markdown(owner);
      out << "| " << ++n << " | " << (step.resolved ? "" : "first of ") << "`"
          << short_id(step.culprit.id) << "` | " << escape_markdown(step.culprit.subject) << " | "
          << escape_markdown(step.culprit.author) << " | "
          << escape_markdown(change_text(step.change)) << " | "
          << escape_markdown(step.culprit.ai_evidence) << " | " << owners << " |\n";
    }
    out << "\n";
    for (const auto& step : report.steps) {
      if (step.resolved) continue;
      out << "- **" << escape_markdown(step_title(step)) << "**: ";
      for (std::size_t i = 0; i < step.candidates.size(); ++i)
        out << (i ? ", " : "") << "`" << short_id(step.candidates[i].id) << "`";
      out << (step.undecided ? " (a probe could not be placed within the budget)"
                             : " (some did not build)")
          << "\n";
    }
  }
  for (const auto& warning : report.warnings)
    out << "> **Warning:** " << escape_markdown(warning) << "\n";
  out << "\n"
      << report.builds << " builds, " << report.probes << " probes, " << report.rounds
      << " rounds, " << static_cast<int>(report.seconds + 0.5) << " s\n";
  return out.str();
}

std::string render_bisect_json(const BisectReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : report.steps) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const auto& candidate : step.candidates) candidates.push_back(commit_json(candidate));
    steps.push_back({{"resolved", step.resolved},
                     {"undecided", step.undecided},
                     {"culprit", commit_json(step.culprit)},
                     {"last_good", step.last_good},
                     {"candidates", candidates},
                     {"unbuildable", step.unbuildable},
                     {"change", change_json(step.change)},
                     {"probes", step.probes}});
  }
  nlohmann::json json = {
      {"schema", "perfwarden.bisect/1"},
      {"tool_version", report.tool_version},
      {"repository", report.repository},
      {"good",
       {{"spec", report.good.spec},
        {"commit", report.good.commit},
        {"summary", report.good.summary}}},
      {"bad",
       {{"spec", report.bad.spec}, {"commit", report.bad.commit}, {"summary", report.bad.summary}}},
      {"suite", report.suite},
      {"benchmark", report.benchmark},
      {"metric", report.metric},
      {"also_matched", report.also_matched},
      {"total", change_json(report.total)},
      {"different", report.different},
      {"min_change", report.min_change},
      {"steps", steps},
      {"step_limit_reached", report.step_limit_reached},
      {"commits", report.commits},
      {"builds", report.builds},
      {"probes", report.probes},
      {"rounds", report.rounds},
      {"seconds", report.seconds},
      {"warnings", report.warnings},
      {"exit_code", to_int(report.exit_code())}};
  // Replacement instead of an exception for invalid UTF-8 in a commit subject.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_bisect_html(const BisectReport& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>perfwarden "
         "bisect</title><style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;"
         "max-width:72em;padding:0 1em;color:#1f2328}table{border-collapse:collapse}th,td{"
         "padding:.3em .7em;border-bottom:1px solid #d0d7de;text-align:left}code{font-size:90%}"
         "</style></head><body>\n<h1>perfwarden bisect: "
      << escape_html(summary_line(report)) << "</h1>\n<p><b>"
      << escape_html(report.suite + "/" + report.benchmark) << "</b> ("
      << escape_html(report.metric) << ") from good <code>" << short_id(report.good.commit)
      << "</code> to bad <code>" << short_id(report.bad.commit)
      << "</code>: " << escape_html(change_text(report.total)) << " over " << report.commits
      << " commits</p>\n";
  if (!report.steps.empty()) {
    out << "<table><tr><th>step</th><th>commit</th><th>subject</th><th>author</th><th>change</th>"
           "<th>AI evidence</th><th>hot-path owners</th></tr>\n";
    int n = 0;
    for (const auto& step : report.steps) {
      std::string owners;
      for (const auto& owner : step.culprit.owners)
        owners += (owners.empty() ? "" : ", ") + escape_html(owner);
      out << "<tr><td>" << ++n << (step.resolved ? "" : " (range)") << "</td><td><code>"
          << short_id(step.culprit.id) << "</code></td><td>" << escape_html(step.culprit.subject)
          << "</td><td>" << escape_html(step.culprit.author) << "</td><td>"
          << escape_html(change_text(step.change)) << "</td><td>"
          << escape_html(step.culprit.ai_evidence) << "</td><td>" << owners << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  for (const auto& warning : report.warnings)
    out << "<p>warning: " << escape_html(warning) << "</p>\n";
  out << "<p>" << report.builds << " builds, " << report.probes << " probes, " << report.rounds
      << " rounds, " << static_cast<int>(report.seconds + 0.5) << " s</p>\n</body></html>\n";
  return out.str();
}

}  // namespace perfwarden::report
