// Golden tests: a fixed Report rendered as Markdown, JUnit XML, JSON and for the terminal (without
// colour) must match the files under tests/golden/. After an intended change, regenerate them with
//   PERFWARDEN_UPDATE_GOLDEN=1 ./perfwarden_unit_tests --gtest_filter='ReportGolden.*'
// and review the diff before committing it.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "report/console_renderer.h"
#include "report/json_renderer.h"
#include "report/junit_renderer.h"
#include "report/markdown_renderer.h"
#include "support/report_fixture.h"
#include "support/xmllint.h"
#include "util/files.h"

namespace perfwarden::report {
namespace {

std::filesystem::path golden_dir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "golden";
}

void expect_golden(const std::string& file, const std::string& actual) {
  std::filesystem::path path = golden_dir() / file;
  const char* update = std::getenv("PERFWARDEN_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    util::write_file_atomically(path, actual);
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; create it with PERFWARDEN_UPDATE_GOLDEN=1";
  EXPECT_EQ(util::read_text_file(path), actual)
      << "the rendering differs from " << path
      << "; if the change is intended, rerun with PERFWARDEN_UPDATE_GOLDEN=1 and review the diff";
}

TEST(ReportGolden, Markdown) {
  expect_golden("report.md", render_markdown(testing::sample_report()));
}

// Every verdict that is news carries its reason line, the improvement included.
TEST(ReportGolden, Console) {
  expect_golden("report.console.txt", render_console(testing::sample_report(), /*color=*/false));
}

TEST(ReportGolden, Json) { expect_golden("report.json", render_json(testing::sample_report())); }

TEST(ReportGolden, JUnit) {
  std::string xml = render_junit(testing::sample_report());
  expect_golden("report.junit.xml", xml);
  if (!testing::xmllint_available()) GTEST_SKIP() << testing::kXmllintMissing;
  EXPECT_EQ(testing::xmllint_errors(xml), "");
}

}  // namespace
}  // namespace perfwarden::report
