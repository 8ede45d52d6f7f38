#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "gate/init_project.h"

namespace perfwarden::gate {
namespace {

TEST(GateInitProject, TheWrittenConfigIsWhatTheGateReads) {
  std::vector<build::ExecutableTarget> suites = {{"bench_core", "bench/bench_core", true},
                                                 {"bench \"odd\"::name", "b/odd", true}};
  const std::string text = init_config_text(suites);
  config::GateConfig config = config::parse_gate_config(text, "perfwarden.json");
  ASSERT_EQ(config.suites.size(), 2u);
  EXPECT_EQ(config.suites[0].name, "bench_core");
  EXPECT_EQ(config.suites[0].binary, "bench/bench_core");
  EXPECT_EQ(config.suites[1].name, "bench__odd___name");
  EXPECT_EQ(config.suites[1].binary, "b/odd");
  // The recipe builds exactly the benchmark targets, names passed as argv (never a shell).
  EXPECT_EQ(config.build.build, (std::vector<std::string>{"cmake", "--build", "{build}", "--target",
                                                          "bench_core", "bench \"odd\"::name"}));
  EXPECT_DOUBLE_EQ(config.thresholds.default_threshold, 0.03);
  EXPECT_NE(text.find("// , \"owners\""), std::string::npos);  // the commented skeleton
  EXPECT_NE(text.find("\"hot_paths\""), std::string::npos);
}

TEST(GateInitProject, SuiteNamesArePlainAndUnique) {
  EXPECT_EQ(suite_name_for("bench_core", {}), "bench_core");
  EXPECT_EQ(suite_name_for("a::b c", {}), "a__b_c");
  EXPECT_EQ(suite_name_for("x", {"x"}), "x-2");
  EXPECT_EQ(suite_name_for("x", {"x", "x-2"}), "x-3");
  EXPECT_EQ(suite_name_for("", {}), "suite");
  EXPECT_LE(suite_name_for(std::string(300, 'a'), {}).size(), 64u);
}

}  // namespace
}  // namespace perfwarden::gate
