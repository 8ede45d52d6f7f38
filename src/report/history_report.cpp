#include "report/history_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "util/terminal.h"
#include "util/utc_time.h"

namespace perfwarden::report {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kMethod =
    "change points: E-divisive means (Matteson & James 2014) with a two-sided Student t-test on "
    "each split, as Hunter/Apache Otava";

std::size_t count_change_points(const HistoryReport& report) {
  std::size_t count = 0;
  for (const auto& s : report.series) count += s.change_points.size();
  return count;
}

std::string latest_value(const HistorySeries& s) {
  return s.points.empty() ? "-" : format_metric_value(s.metric, s.points.back().median);
}

// "+10.0% at 1a2b3c4d5e6f (2024-05-01)".
std::string change_point_text(const HistoryChangePoint& c) {
  return format_change(c.ratio()) + " at " + short_id(c.commit) + " (" +
         util::format_utc_date(c.time) + ")";
}

std::string method_line(const HistoryReport& report) {
  char level[96];
  std::snprintf(
      level, sizeof level, " (p <= %g%s)", report.max_p_value,
      report.min_change > 0 ? (", change >= " + format_threshold(report.min_change)).c_str() : "");
  return std::string(kMethod) + level;
}

std::string scope_line(const HistoryReport& report) {
  std::string line = "along the first-parent line of " + report.revision_spec + " (" +
                     short_id(report.revision_commit) +
                     "): " + std::to_string(report.commits_walked) + " commits, " +
                     std::to_string(report.refresh_commits) + " baseline refresh(es), " +
                     std::to_string(report.series.size()) + " series";
  if (report.since) line += ", since " + util::format_utc_date(*report.since);
  return line;
}

}  // namespace

const HistoryCommit* HistoryReport::find_commit(const std::string& id) const {
  for (const auto& c : commits) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::string commit_link(const HistoryReport& report, const std::string& commit) {
  if (report.commit_url.empty()) return {};
  std::string url = report.commit_url;
  for (std::size_t at = url.find("{sha}"); at != std::string::npos; at = url.find("{sha}", at)) {
    url.replace(at, 5, commit);
    at += commit.size();
  }
  return url;
}

std::string series_label(const HistorySeries& s) {
  return s.suite + "/" + s.benchmark + " [" + s.metric + "] on " + s.machine_class;
}

std::string render_history_console(const HistoryReport& report, bool color) {
  std::ostringstream out;
  out << "perfwarden " << report.tool_version << ": history of baselines/ "
      << escape_terminal(scope_line(report)) << "\n";
  std::vector<std::vector<std::string>> rows = {
      {"series", "machine class", "points", "latest", "change points"}};
  std::vector<std::vector<const HistoryChangePoint*>> changes = {{}};
  for (const auto& s : report.series) {
    rows.push_back({escape_terminal(s.suite + "/" + s.benchmark + " [" + s.metric + "]"),
                    escape_terminal(s.machine_class), std::to_string(s.points.size()),
                    latest_value(s), s.change_points.empty() ? "none" : ""});
    std::vector<const HistoryChangePoint*> mine;
    for (const auto& c : s.change_points) mine.push_back(&c);
    changes.push_back(mine);
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c + 1 < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      std::string cell = rows[r][c];
      if (c + 1 < rows[r].size()) cell.resize(std::max(cell.size(), widths[c]), ' ');
      line += (c ? "  " : "") + cell;
    }
    for (std::size_t i = 0; i < changes[r].size(); ++i) {
      const HistoryChangePoint& c = *changes[r][i];
      const std::string text = change_point_text(c);
      line += (i ? ", " : "") +
              util::styled(text, c.ratio() > 1 ? util::Style::kRed : util::Style::kGreen, color);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << (r == 0 ? util::styled(line, util::Style::kBold, color) : line) << "\n";
  }
  // What changed where: each change point with its commit, once.
  if (count_change_points(report) > 0) out << "\n";
  for (const auto& s : report.series) {
    for (const auto& c : s.change_points) {
      const HistoryCommit* commit = report.find_commit(c.commit);
      out << util::styled(format_change(c.ratio()),
                          c.ratio() > 1 ? util::Style::kRed : util::Style::kGreen, color)
          << " " << escape_terminal(series_label(s)) << ": "
          << format_metric_value(s.metric, c.before) << " -> "
          << format_metric_value(s.metric, c.after) << " at " << short_id(c.commit) << " "
          << util::format_utc_date(c.time) << " (p " << format_p_value(c.p_value) << ")";
      if (commit != nullptr) out << " " << escape_terminal(commit->subject);
      out << "\n";
    }
  }
  for (const auto& warning : report.warnings) {
    out << util::styled("warning: ", util::Style::kYellow, color) << escape_terminal(warning)
        << "\n";
  }
  out << "\n" << method_line(report) << "; each point is one refresh's median.\n";
  return out.str();
}

std::string render_history_json(const HistoryReport& report) {
  json commits = json::array();
  for (const auto& c : report.commits) {
    json entry = {{"id", c.id},
                  {"time", util::format_utc_time(c.time)},
                  {"subject", c.subject},
                  {"author", c.author}};
    if (!report.commit_url.empty()) entry["url"] = commit_link(report, c.id);
    commits.push_back(entry);
  }
  json series = json::array();
  for (const auto& s : report.series) {
    json points = json::array();
    for (const auto& p : s.points) {
      points.push_back({{"commit", p.commit},
                        {"time", util::format_utc_time(p.time)},
                        {"owner", p.owner},
                        {"measured_commit", p.measured_commit},
                        {"median", p.median},
                        {"q1", p.q1},
                        {"q3", p.q3},
                        {"min", p.min},
                        {"max", p.max},
                        {"count", p.count}});
    }
    json change_points = json::array();
    for (const auto& c : s.change_points) {
      change_points.push_back({{"index", c.index},
                               {"commit", c.commit},
                               {"time", util::format_utc_time(c.time)},
                               {"before", c.before},
                               {"after", c.after},
                               {"change_percent", (c.ratio() - 1.0) * 100.0},
                               {"p_value", c.p_value}});
    }
    series.push_back({{"suite", s.suite},
                      {"machine_class", s.machine_class},
                      {"benchmark", s.benchmark},
                      {"metric", s.metric},
                      {"points", points},
                      {"change_points", change_points}});
  }
  json root = {{"schema", "perfwarden.history/1"},
               {"tool_version", report.tool_version},
               {"revision",
                {{"spec", report.revision_spec},
                 {"commit", report.revision_commit},
                 {"subject", report.revision_subject}}},
               {"since", report.since ? json(util::format_utc_time(*report.since)) : json(nullptr)},
               {"commits_walked", report.commits_walked},
               {"refresh_commits", report.refresh_commits},
               {"method",
                {{"name", "e-divisive means, Student t-test"},
                 {"max_p_value", report.max_p_value},
                 {"min_change", report.min_change}}},
               {"commits", commits},
               {"series", series},
               {"warnings", report.warnings}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_history_markdown(const HistoryReport& report) {
  std::ostringstream out;
  const std::size_t found = count_change_points(report);
  out << "## perfwarden history: " << found << " change point(s) in " << report.series.size()
      << " series\n\n"
      << "**" << escape_markdown(report.revision_spec) << "** ("
      << escape_markdown(short_id(report.revision_commit)) << ")";
  if (!report.revision_subject.empty()) out << ": " << escape_markdown(report.revision_subject);
  out << "  \n" << escape_markdown(scope_line(report)) << "\n\n";

  auto commit_ref = [&](const std::string& id) {
    const std::string url = commit_link(report, id);
    // The template was checked for characters that could end the link; the id is hex.
    return url.empty() ? "`" + short_id(id) + "`" : "[`" + short_id(id) + "`](" + url + ")";
  };

  if (!report.series.empty()) {
    out << "| series | machine class | points | latest | change points |\n"
        << "|---|---|--:|--:|---|\n";
    for (const auto& s : report.series) {
      out << "| " << escape_markdown(s.suite + "/" + s.benchmark + " [" + s.metric + "]") << " | "
          << escape_markdown(s.machine_class) << " | " << s.points.size() << " | "
          << latest_value(s) << " | ";
      if (s.change_points.empty()) out << "none";
      for (std::size_t i = 0; i < s.change_points.size(); ++i) {
        const auto& c = s.change_points[i];
        out << (i ? ", " : "") << format_change(c.ratio()) << " at " << commit_ref(c.commit);
      }
      out << " |\n";
    }
    out << "\n";
  }

  if (found > 0) {
    out << "### Change points\n\n";
    for (const auto& s : report.series) {
      for (const auto& c : s.change_points) {
        const HistoryCommit* commit = report.find_commit(c.commit);
        const HistoryPoint& point = s.points[c.index];
        out << "- **" << escape_markdown(series_label(s)) << "** " << format_change(c.ratio())
            << ": " << format_metric_value(s.metric, c.before) << " → "
            << format_metric_value(s.metric, c.after) << " at " << commit_ref(c.commit) << " ("
            << util::format_utc_date(c.time);
        if (commit != nullptr) out << ", " << escape_markdown(commit->subject);
        out << "; refreshed by " << escape_markdown(point.owner) << "), p "
            << escape_markdown(format_p_value(c.p_value)) << "\n";
      }
    }
    out << "\n";
  }

  if (!report.commits.empty()) {
    out << "<details><summary>Refresh commits (" << report.commits.size() << ")</summary>\n\n"
        << "| commit | date | subject | author |\n|---|---|---|---|\n";
    for (const auto& c : report.commits) {
      out << "| " << commit_ref(c.id) << " | " << util::format_utc_date(c.time) << " | "
          << escape_markdown(c.subject) << " | " << escape_markdown(c.author) << " |\n";
    }
    out << "\n</details>\n\n";
  }
  if (!report.warnings.empty()) {
    out << "<details><summary>Warnings (" << report.warnings.size() << ")</summary>\n\n";
    for (const auto& w : report.warnings) out << "- " << escape_markdown(w) << "\n";
    out << "\n</details>\n\n";
  }
  out << "*" << escape_markdown(method_line(report)) << "; each point is one refresh's median. "
      << "perfwarden " << escape_markdown(report.tool_version) << "*\n";
  return out.str();
}

}  // namespace perfwarden::report
