#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "gate/init_project.h"

namespace perfwarden::gate {
namespace {

TEST(GateInitProject, TheWrittenConfigIsWhatTheGateReads) {
  std::vector<InitSuite> suites = {{.target = {"bench_core", "bench/bench_core", true}},
                                   {.target = {"bench \"odd\"::name", "b/odd", true}}};
  const std::string text = init_config_text(suites);
  config::GateConfig config = config::parse_gate_config(text, "perfwarden.json");
  ASSERT_EQ(config.suites.size(), 2u);
  EXPECT_EQ(config.suites[0].name, "bench_core");
  EXPECT_EQ(config.suites[0].binary, "bench/bench_core");
  EXPECT_EQ(config.suites[1].name, "bench__odd___name");
  EXPECT_EQ(config.suites[1].binary, "b/odd");
  // The recipe builds exactly the benchmark targets, names passed as argv (never a shell).
  EXPECT_EQ(config.build.steps.back(),
            (std::vector<std::string>{"cmake", "--build", "{build}", "--target", "bench_core",
                                      "bench \"odd\"::name"}));
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

TEST(GateInitProject, ACTestTestSaysHowTheBenchmarkRuns) {
  InitSuite suite{.target = {"bench_io", "bench/bench_io", true}};
  build::CTestTest test{.name = "io-smoke",
                        .command = {"/b/bench/bench_io", "--benchmark_min_time=0.01", "--data",
                                    "/repo/testdata", "--out=/b/out", "/repo2/x"},
                        .working_directory = "/repo/testdata",
                        .environment = {{"SRCDIR", "/repo"}, {"MODE", "fast"}}};
  std::string why;
  ASSERT_TRUE(suite_runtime_from_test(test, "/repo", "/b", suite, why)) << why;
  EXPECT_EQ(suite.from_test, "io-smoke");
  EXPECT_EQ(suite.args, (std::vector<std::string>{"--data", "{src}/testdata", "--out={build}/out",
                                                  "/repo2/x"}));
  EXPECT_EQ(suite.env, (std::vector<std::pair<std::string, std::string>>{{"SRCDIR", "{src}"},
                                                                         {"MODE", "fast"}}));
  EXPECT_EQ(suite.working_directory, "{src}/testdata");
  // What it writes parses back with the same runtime.
  auto config = config::parse_gate_config(init_config_text({suite}), "perfwarden.json");
  EXPECT_EQ(config.suites[0].args, suite.args);
  EXPECT_EQ(config.suites[0].env, suite.env);
  EXPECT_EQ(config.suites[0].working_directory, "{src}/testdata");

  // The binary's own directory is the default: not written.
  InitSuite plain{.target = {"bench_io", "bench/bench_io", true}};
  test.working_directory = "/b/bench";
  ASSERT_TRUE(suite_runtime_from_test(test, "/repo", "/b", plain, why));
  EXPECT_EQ(plain.working_directory, "");

  InitSuite outside{.target = {"bench_io", "bench/bench_io", true}};
  test.working_directory = "/tmp/elsewhere";
  EXPECT_FALSE(suite_runtime_from_test(test, "/repo", "/b", outside, why));
  EXPECT_NE(why.find("outside the project"), std::string::npos);
  EXPECT_TRUE(outside.from_test.empty());  // left as it was
  test.working_directory.clear();
  test.command.push_back("{name}");
  EXPECT_FALSE(suite_runtime_from_test(test, "/repo", "/b", outside, why));
  EXPECT_NE(why.find("{name}"), std::string::npos);
}

TEST(GateInitProject, ReadsCTestsTestList) {
  std::vector<build::CTestTest> tests;
  std::string problem;
  ASSERT_TRUE(build::parse_ctest_tests(R"({"kind": "ctestInfo", "version": {"major": 1},
      "tests": [{"name": "a", "command": ["/b/bench_a", "--x"], "properties": [
                   {"name": "WORKING_DIRECTORY", "value": "/src"},
                   {"name": "ENVIRONMENT", "value": ["A=1", "=bad", "B=x=y", "NOEQUALS"]}]},
                {"name": "unavailable"},
                {"name": "c", "command": ["/b/bench_c"]}]})",
                                       tests, problem))
      << problem;
  ASSERT_EQ(tests.size(), 3u);
  EXPECT_EQ(tests[0].command, (std::vector<std::string>{"/b/bench_a", "--x"}));
  EXPECT_EQ(tests[0].working_directory, "/src");
  EXPECT_EQ(tests[0].environment,
            (std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "x=y"}}));
  EXPECT_TRUE(tests[1].command.empty());  // its executable is not built yet
  EXPECT_EQ(tests[2].name, "c");
  tests.clear();
  EXPECT_FALSE(build::parse_ctest_tests("{\"tests\": 3}", tests, problem));
  EXPECT_FALSE(problem.empty());
  EXPECT_FALSE(build::parse_ctest_tests("not json", tests, problem));
}

}  // namespace
}  // namespace perfwarden::gate
