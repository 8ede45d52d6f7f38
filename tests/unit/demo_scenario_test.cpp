#include <gtest/gtest.h>

#include "demo/demo_scenario.h"
#include "util/error.h"

namespace perfwarden::demo {
namespace {

TEST(DemoScenario, BaseHoldsTheBundledSuitesAndTheirPolicy) {
  auto files = demo_base_files();
  EXPECT_TRUE(files.count("perfwarden.json"));
  EXPECT_TRUE(files.count("bench_suites/CMakeLists.txt"));
  EXPECT_TRUE(files.count("bench_suites/pk_lookup/planner.cpp"));
  EXPECT_TRUE(files.count("bench_suites/kv_cache/CMakeLists.txt"));
}

TEST(DemoScenario, HeadFlipsExactlyTheRowidAliasLine) {
  auto planner = demo_base_files().at("bench_suites/pk_lookup/planner.cpp");
  auto regressed = regress_planner(planner);
  EXPECT_NE(regressed, planner);
  EXPECT_EQ(regressed.size() + 4, planner.size());  // "INTEGER" became "INT"
  EXPECT_NE(regressed.find(R"(declared_type == "INT";)"), std::string::npos);
}

TEST(DemoScenario, MissingLineIsALoudError) {
  EXPECT_THROW(regress_planner("bool aliases_rowid() { return true; }"), Error);
}

}  // namespace
}  // namespace perfwarden::demo
