#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/history_html.h"
#include "report/history_report.h"

namespace perfwarden::report {
namespace {

const std::string kHostileName = "BM_<script>alert(1)</script>[x](http://evil)@here";
const std::string kHostileSubject = "fix <img src=x onerror=alert(1)> \x1b[31m@team **bold**";

HistoryReport hostile_history() {
  HistoryReport report;
  report.tool_version = "0.1.0";
  report.revision_spec = "main";
  report.revision_commit = std::string(40, 'a');
  report.commits_walked = 9;
  report.refresh_commits = 3;
  for (int i = 0; i < 3; ++i) {
    report.commits.push_back(
        HistoryCommit{std::string(40, static_cast<char>('b' + i)), 1700000000 + i * 86400,
                      i == 2 ? kHostileSubject : "refresh", "Eve <eve@example.com>"});
  }
  HistorySeries s;
  s.suite = "core";
  s.machine_class = "x86-64-v3.gcc-12";
  s.benchmark = kHostileName;
  s.metric = "real_time";
  for (int i = 0; i < 3; ++i) {
    HistoryPoint p;
    p.commit = report.commits[static_cast<std::size_t>(i)].id;
    p.time = report.commits[static_cast<std::size_t>(i)].time;
    p.owner = "<b>Owner</b>";
    p.median = i == 2 ? 110.0 : 100.0;
    p.q1 = p.median - 1;
    p.q3 = p.median + 1;
    p.count = 20;
    s.points.push_back(p);
  }
  s.change_points.push_back(
      HistoryChangePoint{2, s.points[2].commit, s.points[2].time, 100.0, 110.0, 0.0});
  report.series.push_back(s);
  report.warnings.push_back("baselines/x.json at commit 1234 (<i>x</i>): not valid JSON");
  return report;
}

TEST(ReportHistory, HtmlHasOnePlotPerSeriesAndEscapesCommittedText) {
  HistoryReport report = hostile_history();
  HistorySeries second = report.series[0];
  second.metric = "cpu_time";
  second.change_points.clear();
  report.series.push_back(second);
  const std::string html = render_history_html(report);
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    ++svgs;
  }
  EXPECT_EQ(svgs, 2u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>Owner"), std::string::npos);
  EXPECT_EQ(html.find("<i>x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  // The change point links to the commits table, which has the row.
  const std::string id = report.series[0].change_points[0].commit;
  EXPECT_NE(html.find("<a class=\"change-point\" href=\"#commit-" + id + "\">"), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"commit-" + id + "\">"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportHistory, CommitUrlTemplateLinksEveryCommit) {
  HistoryReport report = hostile_history();
  report.commit_url = "https://github.com/o/r/commit/{sha}";
  const std::string id = report.commits[2].id;
  EXPECT_EQ(commit_link(report, id), "https://github.com/o/r/commit/" + id);
  EXPECT_NE(render_history_html(report).find("href=\"https://github.com/o/r/commit/" + id + "\""),
            std::string::npos);
  EXPECT_NE(render_history_markdown(report).find("](https://github.com/o/r/commit/" + id + ")"),
            std::string::npos);
  auto json = nlohmann::json::parse(render_history_json(report));
  EXPECT_EQ(json["commits"][2]["url"], "https://github.com/o/r/commit/" + id);
  report.commit_url.clear();
  EXPECT_EQ(commit_link(report, id), "");
}

TEST(ReportHistory, MarkdownAndTerminalEscapeCommittedText) {
  const HistoryReport report = hostile_history();
  const std::string markdown = render_history_markdown(report);
  EXPECT_EQ(markdown.find("<script>"), std::string::npos);
  EXPECT_EQ(markdown.find("[x](http://evil)"), std::string::npos);
  EXPECT_EQ(markdown.find("@here"), std::string::npos);   // no mention
  EXPECT_NE(markdown.find("\\<img"), std::string::npos);  // shown, not an element
  for (auto at = markdown.find('<'); at != std::string::npos; at = markdown.find('<', at + 1)) {
    const bool ours =
        markdown.compare(at, 9, "<details>") == 0 || markdown.compare(at, 10, "</details>") == 0 ||
        markdown.compare(at, 9, "<summary>") == 0 || markdown.compare(at, 10, "</summary>") == 0;
    EXPECT_TRUE(ours || (at > 0 && markdown[at - 1] == '\\')) << markdown.substr(at, 20);
  }
  EXPECT_EQ(markdown.find("**bold**"), std::string::npos);
  EXPECT_NE(markdown.find("+10.0%"), std::string::npos);
  const std::string terminal = render_history_console(report, false);
  EXPECT_EQ(terminal.find('\x1b'), std::string::npos);
  EXPECT_NE(terminal.find("+10.0% at " + report.commits[2].id.substr(0, 12)), std::string::npos)
      << terminal;
  EXPECT_NE(terminal.find("warning: "), std::string::npos);
}

TEST(ReportHistory, JsonCarriesTheSeriesAndTheChangePoints) {
  const HistoryReport report = hostile_history();
  auto json = nlohmann::json::parse(render_history_json(report));
  EXPECT_EQ(json["schema"], "perfwarden.history/1");
  EXPECT_EQ(json["revision"]["spec"], "main");
  EXPECT_TRUE(json["since"].is_null());
  ASSERT_EQ(json["series"].size(), 1u);
  const auto& s = json["series"][0];
  EXPECT_EQ(s["benchmark"], kHostileName);  // JSON carries the text; its readers escape
  EXPECT_EQ(s["points"].size(), 3u);
  EXPECT_EQ(s["points"][0]["time"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(s["points"][0]["q1"], 99.0);
  ASSERT_EQ(s["change_points"].size(), 1u);
  EXPECT_EQ(s["change_points"][0]["index"], 2);
  EXPECT_NEAR(s["change_points"][0]["change_percent"].get<double>(), 10.0, 1e-9);
  EXPECT_EQ(json["warnings"].size(), 1u);
}

}  // namespace
}  // namespace perfwarden::report
