#include "report/history_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "report/svg_plot.h"
#include "util/utc_time.h"

namespace perfwarden::report {
namespace {

constexpr const char* kHistoryStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{padding:.3em .7em;border-bottom:1px solid #d0d7de;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.slower{color:#cf222e;font-weight:600}.faster{color:#1a7f37;font-weight:600}
section.series{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;margin:1em 0}
svg{background:#fff}.tag{font-size:80%;color:#57606a}tr:target{background:#fff8c5}
)";

const char* direction(const HistoryChangePoint& c) { return c.ratio() > 1 ? "slower" : "faster"; }

// Where a commit link goes: the --commit-url page, else the row of the commits table.
std::string commit_href(const HistoryReport& report, const std::string& id) {
  std::string url = commit_link(report, id);
  return url.empty() ? "#commit-" + id : url;
}

std::string commit_anchor(const HistoryReport& report, const std::string& id) {
  return "<a href=\"" + escape_html(commit_href(report, id)) + "\"><code>" +
         escape_html(short_id(id)) + "</code></a>";
}

// The series over its refreshes: x = refresh order, y = value (linear).
std::string series_plot(const HistoryReport& report, const HistorySeries& s) {
  PlotFrame f{.width = 680, .height = 260, .left = 84, .right = 16, .top = 22, .bottom = 40};
  if (s.points.empty()) return {};
  double low = s.points.front().q1, high = s.points.front().q3;
  for (const auto& p : s.points) {
    low = std::min({low, p.q1, p.median});
    high = std::max({high, p.q3, p.median});
  }
  f.fit(low, high);
  const std::size_t n = s.points.size();
  auto x = [&](double i) { return f.x(i, n); };
  auto y = [&](double v) { return f.y(v); };

  std::ostringstream svg;
  open_plot(svg, f, "history",
            series_label(s) + ": median per refresh with its interquartile range", s.metric);
  svg << "<text x=\"" << f.left << "\" y=\"" << f.height - 22 << "\">"
      << escape_html(util::format_utc_date(s.points.front().time)) << "</text><text x=\""
      << f.width - f.right << "\" y=\"" << f.height - 22 << "\" text-anchor=\"end\">"
      << escape_html(util::format_utc_date(s.points.back().time)) << "</text><text x=\""
      << (f.left + f.width - f.right) / 2 << "\" y=\"" << f.height - 6
      << "\" text-anchor=\"middle\">refresh (1–" << n
      << "), oldest first; bars: interquartile range</text></g>";

  // The level of each segment between change points (none without a change point).
  const std::size_t m = s.change_points.size();
  for (std::size_t k = 0; m > 0 && k <= m; ++k) {
    const double level = k < m ? s.change_points[k].before : s.change_points[m - 1].after;
    const double first = k == 0 ? 0.0 : static_cast<double>(s.change_points[k - 1].index) - 0.5;
    const double last =
        k == m ? static_cast<double>(n - 1) : static_cast<double>(s.change_points[k].index) - 0.5;
    svg << "<line class=\"level\" x1=\"" << svg_number(x(first)) << "\" x2=\""
        << svg_number(x(last)) << "\" y1=\"" << svg_number(y(level)) << "\" y2=\""
        << svg_number(y(level))
        << "\" stroke=\"#8c959f\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"><title>level: "
        << escape_html(format_metric_value(s.metric, level)) << "</title></line>";
  }

  // Change points: between the last point of a level and the first of the next, each a link to
  // its row in the commits table below.
  for (const auto& c : s.change_points) {
    const double cx = x(static_cast<double>(c.index) - 0.5);
    const char* color = c.ratio() > 1 ? "#cf222e" : "#1a7f37";
    const HistoryCommit* commit = report.find_commit(c.commit);
    svg << "<a class=\"change-point\" href=\"#commit-" << escape_html(c.commit) << "\"><line x1=\""
        << svg_number(cx) << "\" x2=\"" << svg_number(cx) << "\" y1=\"" << f.top << "\" y2=\""
        << f.height - f.bottom << "\" stroke=\"" << color
        << "\" stroke-width=\"2\" stroke-dasharray=\"4,2\"/><text x=\"" << svg_number(cx + 4)
        << "\" y=\"" << f.top - 6 << "\" font-size=\"11\" fill=\"" << color << "\">"
        << escape_html(format_change(c.ratio()) + " " + short_id(c.commit)) << "</text><title>"
        << escape_html(format_change(c.ratio()) + " at " + short_id(c.commit) + " (" +
                       util::format_utc_date(c.time) + ")" +
                       (commit != nullptr ? ": " + commit->subject : std::string()))
        << "</title></a>";
  }

  for (std::size_t i = 0; i < n; ++i) {
    const HistoryPoint& p = s.points[i];
    const double px = x(static_cast<double>(i));
    svg << "<line class=\"spread\" x1=\"" << svg_number(px) << "\" x2=\"" << svg_number(px)
        << "\" y1=\"" << svg_number(y(p.q1)) << "\" y2=\"" << svg_number(y(p.q3))
        << "\" stroke=\"#0969da\" stroke-width=\"2\" stroke-opacity=\"0.5\"/>"
        << "<circle class=\"point\" cx=\"" << svg_number(px) << "\" cy=\""
        << svg_number(y(p.median)) << "\" r=\"3\" fill=\"#0969da\"><title>"
        << escape_html(short_id(p.commit) + " " + util::format_utc_date(p.time) + ": " +
                       format_metric_value(s.metric, p.median) + " (IQR " +
                       format_metric_value(s.metric, p.q1) + " – " +
                       format_metric_value(s.metric, p.q3) + ", " + std::to_string(p.count) +
                       " value(s)), refreshed by " + p.owner)
        << "</title></circle>";
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace

std::string render_history_html(const HistoryReport& report) {
  std::size_t found = 0;
  for (const auto& s : report.series) found += s.change_points.size();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>perfwarden history: " << found << " change point(s)</title>\n<style>"
      << kHistoryStyle << "</style></head>\n<body>\n<h1>perfwarden history: " << found
      << " change point(s) in " << report.series.size() << " series</h1>\n<p><b>"
      << escape_html(report.revision_spec) << "</b> (<code>"
      << escape_html(short_id(report.revision_commit)) << "</code>)"
      << (report.revision_subject.empty() ? "" : ": " + escape_html(report.revision_subject))
      << "<br>" << report.commits_walked << " first-parent commits, " << report.refresh_commits
      << " baseline refresh(es)"
      << (report.since ? ", since " + escape_html(util::format_utc_date(*report.since)) : "")
      << "</p>\n";

  if (!report.series.empty()) {
    out << "<h2>Series</h2>\n<table><thead><tr><th>series</th><th>metric</th>"
           "<th>machine class</th><th>points</th><th>latest</th><th>change points</th></tr>"
           "</thead><tbody>\n";
    for (std::size_t i = 0; i < report.series.size(); ++i) {
      const auto& s = report.series[i];
      out << "<tr><td><a href=\"#s" << i << "\">" << escape_html(s.suite + "/" + s.benchmark)
          << "</a></td><td>" << escape_html(s.metric) << "</td><td>" << escape_html(s.machine_class)
          << "</td><td class=\"num\">" << s.points.size() << "</td><td class=\"num\">"
          << (s.points.empty() ? "-"
                               : escape_html(format_metric_value(s.metric, s.points.back().median)))
          << "</td><td>";
      if (s.change_points.empty()) out << "none";
      for (std::size_t k = 0; k < s.change_points.size(); ++k) {
        const auto& c = s.change_points[k];
        out << (k ? ", " : "") << "<span class=\"" << direction(c) << "\">"
            << escape_html(format_change(c.ratio())) << "</span> at "
            << commit_anchor(report, c.commit);
      }
      out << "</td></tr>\n";
    }
    out << "</tbody></table>\n<h2>Plots</h2>\n";
    for (std::size_t i = 0; i < report.series.size(); ++i) {
      const auto& s = report.series[i];
      out << "<section class=\"series\" id=\"s" << i << "\"><h3>"
          << escape_html(s.suite + "/" + s.benchmark) << " <span class=\"tag\">"
          << escape_html(s.metric) << " on " << escape_html(s.machine_class) << "</span></h3>\n";
      if (!s.change_points.empty()) {
        out << "<ul>";
        for (const auto& c : s.change_points) {
          out << "<li><span class=\"" << direction(c) << "\">"
              << escape_html(format_change(c.ratio())) << "</span> "
              << escape_html(format_metric_value(s.metric, c.before)) << " → "
              << escape_html(format_metric_value(s.metric, c.after)) << " at "
              << commit_anchor(report, c.commit) << " ("
              << escape_html(util::format_utc_date(c.time)) << "), p "
              << escape_html(format_p_value(c.p_value)) << "</li>";
        }
        out << "</ul>\n";
      }
      out << series_plot(report, s) << "</section>\n";
    }
  }

  if (!report.commits.empty()) {
    out << "<h2>Refresh commits</h2>\n<table><thead><tr><th>commit</th><th>date</th>"
           "<th>subject</th><th>author</th></tr></thead><tbody>\n";
    for (const auto& c : report.commits) {
      out << "<tr id=\"commit-" << escape_html(c.id) << "\"><td>";
      const std::string url = commit_link(report, c.id);
      if (url.empty()) {
        out << "<code>" << escape_html(short_id(c.id)) << "</code>";
      } else {
        out << "<a href=\"" << escape_html(url) << "\"><code>" << escape_html(short_id(c.id))
            << "</code></a>";
      }
      out << "</td><td>" << escape_html(util::format_utc_date(c.time)) << "</td><td>"
          << escape_html(c.subject) << "</td><td>" << escape_html(c.author) << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  if (!report.warnings.empty()) {
    out << "<h2>Warnings</h2>\n<ul>\n";
    for (const auto& warning : report.warnings) out << "<li>" << escape_html(warning) << "</li>\n";
    out << "</ul>\n";
  }
  char level[96];
  std::snprintf(level, sizeof level, "p &lt;= %g", report.max_p_value);
  std::string criteria = level;
  if (report.min_change > 0) criteria += ", change &gt;= " + format_threshold(report.min_change);
  out << "<p class=\"tag\">Change points: E-divisive means (Matteson &amp; James 2014) with a "
         "two-sided Student t-test on each split, as Hunter/Apache Otava ("
      << criteria << "); each point is one refresh's median. perfwarden "
      << escape_html(report.tool_version) << "</p>\n</body></html>\n";
  return out.str();
}

}  // namespace perfwarden::report
