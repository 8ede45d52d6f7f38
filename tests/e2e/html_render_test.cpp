// End-to-end: the HTML report rendered by a real browser. Debian's Chromium loads the file
// headless and offline (no network, no sync, a throwaway profile) under the report's own
// Content-Security-Policy; the DOM it builds must hold the SVG plots, and a screenshot must
// show more than a blank page.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "report/html_renderer.h"
#include "support/report_fixture.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

class HtmlRenderE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kChromium)) {
      GTEST_SKIP() << kChromium << " not found: install Debian's chromium (bash .ci/install-deps) "
                   << "to render the HTML report in a real browser";
    }
  }

  // Chromium with everything that could reach the network or the user's profile switched off.
  util::ProcessResult chromium(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--no-first-run",
                                     "--user-data-dir=" + (dir_.path() / "profile").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    util::PosixProcessRunner runner;
    return runner.run({.argv = argv, .timeout = std::chrono::seconds(120)});
  }

  std::filesystem::path write_report(const report::Report& report) {
    auto path = dir_.path() / "report.html";
    util::write_file_atomically(path, report::render_html(report));
    return path;
  }

  static std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  }

  util::TempDir dir_{"perfwarden-html"};
};

TEST_F(HtmlRenderE2E, BrowserBuildsTheSvgPlots) {
  auto report = testing::sample_report();
  auto html = write_report(report);
  auto result = chromium({"--dump-dom", "file://" + html.string()});
  ASSERT_TRUE(result.succeeded()) << result.describe_failure() << "\n" << result.stderr_text;
  const std::string& dom = result.stdout_text;

  // One per-round plot per benchmark; an interval plot per compared benchmark (not new/gone).
  std::size_t compared =
      std::count_if(report.benchmarks.begin(), report.benchmarks.end(), [](auto& b) {
        return b.verdict != policy::Verdict::kNew && b.verdict != policy::Verdict::kGone;
      });
  EXPECT_EQ(count(dom, "<svg class=\"plot rounds\""), report.benchmarks.size()) << dom;
  EXPECT_EQ(count(dom, "<svg class=\"plot interval\""), compared) << dom;
  EXPECT_EQ(count(dom, "class=\"series base\""),
            report.benchmarks.size() - 1);  // "new" has no base
  EXPECT_EQ(count(dom, "class=\"series head\""),
            report.benchmarks.size() - 1);  // "gone" has no head
  EXPECT_EQ(count(dom, "<rect class=\"band\""), compared);
  EXPECT_NE(dom.find("perfwarden: FAIL"), std::string::npos);
}

TEST_F(HtmlRenderE2E, HostileNamesStayText) {
  auto html = write_report(testing::hostile_report());
  auto result = chromium({"--dump-dom", "file://" + html.string()});
  ASSERT_TRUE(result.succeeded()) << result.describe_failure() << "\n" << result.stderr_text;
  const std::string& dom = result.stdout_text;
  // The browser parsed no element out of the names: they are text (serialised escaped again).
  EXPECT_EQ(dom.find("<img"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<script"), std::string::npos) << dom;
  EXPECT_NE(dom.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
}

TEST_F(HtmlRenderE2E, ScreenshotShowsThePlots) {
  auto html = write_report(testing::sample_report());
  auto png = dir_.path() / "report.png";
  auto result = chromium({"--hide-scrollbars", "--window-size=1280,2400",
                          "--screenshot=" + png.string(), "file://" + html.string()});
  ASSERT_TRUE(result.succeeded()) << result.describe_failure() << "\n" << result.stderr_text;
  ASSERT_TRUE(std::filesystem::exists(png)) << result.stderr_text;
  std::string bytes = util::read_text_file(png);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // A blank page compresses to a few kilobytes; text, tables and plots do not.
  EXPECT_GT(bytes.size(), 40'000u) << "the screenshot looks empty: " << png;
  if (const char* keep = std::getenv("PERFWARDEN_KEEP_SCREENSHOT")) {
    std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace
}  // namespace perfwarden
