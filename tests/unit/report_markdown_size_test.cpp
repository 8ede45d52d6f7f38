#include <gtest/gtest.h>

#include "report/markdown_renderer.h"

namespace perfwarden::report {
namespace {

TEST(ReportMarkdownSize, AHugeSuiteStillFitsInAPullRequestComment) {
  Report report;
  report.base.commit = report.head.commit = std::string(40, 'a');
  BenchmarkResult regression;
  regression.suite = "core";
  regression.name = "BM_Slow";
  regression.metric = "cpu_time";
  regression.verdict = policy::Verdict::kRegression;
  regression.ratio = regression.ci_low = regression.ci_high = 2.0;
  report.benchmarks.push_back(regression);
  for (int i = 0; i < 3000; ++i) {
    BenchmarkResult same;
    same.suite = "core";
    same.name = "BM_Uneventful/" + std::to_string(i);
    same.metric = "cpu_time";
    same.verdict = policy::Verdict::kSame;
    same.reason = "the interval [-0.5%, +0.4%] lies within ±3% after 10 rounds";
    report.benchmarks.push_back(same);
  }
  std::string markdown = render_markdown(report);
  EXPECT_LT(markdown.size(), 65536u);
  EXPECT_NE(markdown.find("BM\\_Slow"),
            std::string::npos);  // what matters is never cut (escaped _)
  EXPECT_NE(markdown.find("more rows are left out"), std::string::npos);
  EXPECT_NE(markdown.find("</details>"), std::string::npos);  // the structure stays closed
}

}  // namespace
}  // namespace perfwarden::report
