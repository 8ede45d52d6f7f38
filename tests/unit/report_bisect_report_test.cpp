#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/bisect_report.h"

namespace perfwarden::report {
namespace {

BisectReport hostile_report() {
  BisectReport report;
  report.suite = "core";
  report.benchmark = "BM_<script>";
  report.metric = "cpu_time";
  report.different = true;
  report.total = {1.13, 1.12, 1.14, 10};
  BisectStepResult step;
  step.resolved = true;
  step.culprit = {.id = std::string(40, 'a'),
                  .subject = "Speed up | <img src=x onerror=alert(1)> **now** \xff",
                  .author = "Mallory <m@example.com>",
                  .ai_evidence = "Co-authored-by: Claude <noreply@anthropic.com>",
                  .owners = {"Ada Lovelace <ada@example.com>"}};
  step.last_good = std::string(40, 'b');
  step.change = {1.08, 1.07, 1.09, 10};
  report.steps.push_back(step);
  BisectStepResult range;
  range.candidates = {step.culprit, step.culprit};
  range.culprit = step.culprit;
  range.unbuildable = {std::string(40, 'c')};
  report.steps.push_back(range);
  return report;
}

TEST(ReportBisectReport, EveryRenderingEscapesTheRepositorysText) {
  const BisectReport report = hostile_report();
  const std::string html = render_bisect_html(report);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;img"), std::string::npos);
  const std::string markdown = render_bisect_markdown(report);
  EXPECT_EQ(markdown.find("| <img"), std::string::npos);  // a '|' would end the cell
  EXPECT_EQ(markdown.find("**now**"), std::string::npos);
  auto json = nlohmann::json::parse(render_bisect_json(report));  // valid despite the \xff
  EXPECT_EQ(json["steps"][0]["culprit"]["owners"][0], "Ada Lovelace <ada@example.com>");
  EXPECT_EQ(json["exit_code"], 1);  // the second step is a range
  const std::string console = render_bisect_console(report, false);
  EXPECT_NE(console.find("CULPRIT aaaaaaaaaaaa"), std::string::npos) << console;
  EXPECT_NE(console.find("UNRESOLVED"), std::string::npos) << console;
}

TEST(ReportBisectReport, ExitCodeIsZeroOnlyWhenEveryChangeIsNamed) {
  BisectReport report;
  EXPECT_EQ(report.exit_code(), ExitCode::kPass);  // nothing to find
  report.steps.push_back({.resolved = true});
  EXPECT_EQ(report.exit_code(), ExitCode::kPass);
  report.step_limit_reached = true;
  EXPECT_EQ(report.exit_code(), ExitCode::kGateFailed);
}

}  // namespace
}  // namespace perfwarden::report
