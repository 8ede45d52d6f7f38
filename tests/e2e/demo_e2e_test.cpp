// `perfwarden demo` end to end: the bundled scenario must build, run and catch its regression.

#include <gtest/gtest.h>

#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {

TEST(DemoE2E, CatchesTheBundledRegression) {
  util::TempDir dir("perfwarden-demo-e2e");
  auto json = dir.path() / "demo.json";
  auto run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      {"demo", "--json", json.string(), "--cache-dir", (dir.path() / "cache").string()},
      std::chrono::seconds(570));  // builds both revisions of the bundled suites (ctest: 600)
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("caught the regression"), std::string::npos) << run.out;
  auto report = testing::read_json(json);
  EXPECT_EQ(report["verdict"], "fail");
  bool regression_found = false;
  for (const auto& b : report["benchmarks"]) regression_found |= b["verdict"] == "regression";
  EXPECT_TRUE(regression_found) << report.dump(2);
}

}  // namespace
}  // namespace perfwarden
