#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "util/error.h"

namespace perfwarden::config {
namespace {

// Parses and returns the error text ("" when it parsed).
std::string error_of(const std::string& text) {
  try {
    parse_gate_config(text, "perfwarden.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kUsage);
    EXPECT_FALSE(e.fix().empty()) << "every config error carries its fix: " << e.what();
    return e.what();
  }
  return "";
}

TEST(ConfigGateConfig, MinimalConfigGetsDefaults) {
  auto config = parse_gate_config(R"({"suites": [{"name": "core", "binary": "bench_core"}]})", "f");
  ASSERT_EQ(config.suites.size(), 1u);
  EXPECT_EQ(config.suites[0].binary, "bench_core");
  EXPECT_EQ(config.suites[0].time_field, TimeField::kCpuTime);
  EXPECT_EQ(config.build.steps, default_build_recipe().steps);
  EXPECT_DOUBLE_EQ(config.thresholds.default_threshold, 0.03);
  EXPECT_EQ(config.measure.looks, (std::vector<int>{10, 15, 20}));
  EXPECT_EQ(config.measure.confirmation_rounds, 10);
  EXPECT_FALSE(config.measure.budget);
  EXPECT_DOUBLE_EQ(config.instructions.fail, 0.01);
  EXPECT_DOUBLE_EQ(config.instructions.report, 0.002);
  EXPECT_TRUE(config.build.compiler_cache);
  // No hard-coded -j: the build steps get CMAKE_BUILD_PARALLEL_LEVEL (every core).
  EXPECT_EQ(config.build.steps.back(), (std::vector<std::string>{"cmake", "--build", "{build}"}));
}

TEST(ConfigGateConfig, TheCompilerCacheCanBeTurnedOff) {
  const std::string suites = R"("suites": [{"name": "core", "binary": "bench_core"}])";
  auto config = parse_gate_config("{\"build\": {\"compiler_cache\": false}, " + suites + "}", "f");
  EXPECT_FALSE(config.build.compiler_cache);
  EXPECT_NE(error_of("{\"build\": {\"compiler_cache\": \"off\"}, " + suites + "}")
                .find("build.compiler_cache"),
            std::string::npos);
}

TEST(ConfigGateConfig, BuildStepsAreAnyNumberOfCommands) {
  const std::string suites = R"("suites": [{"name": "core", "binary": "bench_core"}])";
  auto config =
      parse_gate_config(R"({"build": {"steps": [["python3", "{src}/gen.py", "{build}/gen"],
      ["cmake", "-S", "{src}", "-B", "{build}"], ["cmake", "--build", "{build}"]]}, )" +
                            suites + "}",
                        "f");
  ASSERT_EQ(config.build.steps.size(), 3u);
  EXPECT_EQ(config.build.steps[0],
            (std::vector<std::string>{"python3", "{src}/gen.py", "{build}/gen"}));
  // Only `build` given: configure keeps its default.
  config =
      parse_gate_config(R"({"build": {"build": ["make", "-C", "{build}"]}, )" + suites + "}", "f");
  EXPECT_EQ(config.build.steps[0], default_build_recipe().steps[0]);
  EXPECT_EQ(config.build.steps[1], (std::vector<std::string>{"make", "-C", "{build}"}));

  EXPECT_NE(error_of(R"({"build": {"steps": [["cmake"]], "build": ["make"]}, )" + suites + "}")
                .find("build.steps"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"build": {"steps": []}, )" + suites + "}").find("build.steps"),
            std::string::npos);
  EXPECT_NE(
      error_of(R"({"build": {"steps": [["cmake"], []]}, )" + suites + "}").find("build.steps[1]"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"build": {"steps": [["cmake", "{home}"]]}, )" + suites + "}")
                .find("'build.steps[0][1]': unknown placeholder {home}"),
            std::string::npos);
}

TEST(ConfigGateConfig, SuitesTakeArgsEnvAndAWorkingDirectory) {
  auto config = parse_gate_config(R"({"suites": [{"name": "core", "binary": "bench_core",
      "args": ["--data", "{src}/testdata"], "env": {"SRCDIR": "{src}", "MODE": "fast"},
      "working_directory": "{src}/testdata"}]})",
                                  "f");
  const Suite& suite = config.suites[0];
  EXPECT_EQ(suite.args, (std::vector<std::string>{"--data", "{src}/testdata"}));
  EXPECT_EQ(suite.env, (std::vector<std::pair<std::string, std::string>>{{"SRCDIR", "{src}"},
                                                                         {"MODE", "fast"}}));
  EXPECT_EQ(suite.working_directory, "{src}/testdata");

  auto suite_error = [](const std::string& fields) {
    return error_of(R"({"suites": [{"name": "core", "binary": "b", )" + fields + "}]}");
  };
  EXPECT_EQ(suite_error(R"("args": [])"), "");  // empty is fine
  EXPECT_NE(suite_error(R"("args": "--data x")").find("suites[0].args"), std::string::npos);
  EXPECT_NE(suite_error(R"("args": ["--benchmark_filter=BM_A"])")
                .find("'--benchmark_filter' is set by perfwarden"),
            std::string::npos);
  EXPECT_NE(suite_error(R"("args": ["--benchmark_min_time=1"])").find("suites[0].args[0]"),
            std::string::npos);
  EXPECT_NE(suite_error(R"("env": {"1BAD": "x"})").find("suites[0].env.1BAD"), std::string::npos);
  EXPECT_NE(suite_error(R"("env": {"A": 1})").find("suites[0].env.A"), std::string::npos);
  EXPECT_NE(suite_error(R"("env": ["A=1"])").find("suites[0].env"), std::string::npos);
  for (const char* bad : {R"("/tmp")", R"("{src}/../..")", R"("testdata")", R"("{src}/")",
                          R"("{srcx}")", R"("{src}x")"}) {
    EXPECT_NE(suite_error(std::string(R"("working_directory": )") + bad).find("working_directory"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(suite_error(R"("working_directory": "{build}")"), "");
}

TEST(ConfigGateConfig, FullConfigWithCommentsParses) {
  auto config = parse_gate_config(R"({
    // build recipe
    "build": { "configure": ["cmake", "-S", "{src}", "-B", "{build}"],
               "build": ["cmake", "--build", "{build}"] },
    /* suites */
    "suites": [ { "name": "core", "binary": "bench/bench_core", "filter": "BM_.*", "time": "real_time" } ],
    "thresholds": { "default": 0.03, "per_benchmark": { "BM_Noisy.*": 0.10, "BM_.*": 0.2 } },
    "measure": { "rounds": 20, "min_time": 0.1, "timeout_seconds": 60 }
  })",
                                  "f");
  ASSERT_EQ(config.build.steps.size(), 2u);
  EXPECT_EQ(config.build.steps[0].size(), 5u);
  EXPECT_EQ(config.suites[0].time_field, TimeField::kRealTime);
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("BM_NoisyThing/8"), 0.10);  // first rule wins
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("BM_Other"), 0.2);
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("Other"), 0.03);
  EXPECT_EQ(config.measure.looks, (std::vector<int>{20}));
  EXPECT_EQ(config.measure.timeout.count(), 60);
}

TEST(ConfigGateConfig, SequentialLooksInstructionsAndAdvisory) {
  auto config = parse_gate_config(R"({
    "suites": [{"name": "c", "binary": "b"}],
    "thresholds": {"instructions": {"report": 0.001, "fail": 0.02}},
    "advisory": ["BM_Noisy.*"],
    "measure": {"looks": [8, 16, 24], "confirmation_rounds": 0, "budget_seconds": 120}
  })",
                                  "f");
  EXPECT_EQ(config.measure.looks, (std::vector<int>{8, 16, 24}));
  EXPECT_EQ(config.measure.confirmation_rounds, 0);
  EXPECT_EQ(config.measure.budget->count(), 120);
  EXPECT_DOUBLE_EQ(config.instructions.report, 0.001);
  EXPECT_DOUBLE_EQ(config.instructions.fail, 0.02);
  ASSERT_EQ(config.advisory.size(), 1u);
  EXPECT_EQ(config.advisory[0].expression(), "BM_Noisy.*");
}

TEST(ConfigGateConfig, PerBenchmarkPatternsMustMatchTheWholeName) {
  auto config = parse_gate_config(
      R"({"suites": [{"name": "c", "binary": "b"}], "thresholds": {"per_benchmark": {"Noisy": 0.5}}})",
      "f");
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("BM_Noisy"), 0.03);
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("Noisy"), 0.5);
}

TEST(ConfigGateConfig, ErrorsNameTheFileAndField) {
  EXPECT_NE(error_of("{ not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("{}").find("field 'suites': missing"), std::string::npos);
  EXPECT_NE(error_of(R"({"suites": []})").find("'suites'"), std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"binary": "b"}]})").find("suites[0].name"), std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c"}]})").find("suites[0].binary"), std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "../escape"}]})").find("relative path"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "/abs"}]})").find("suites[0].binary"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b", "filter": "("}]})")
                .find("suites[0].filter"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}, {"name": "c", "binary": "d"}]})")
                .find("duplicate"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "thresholds": {"default": -1}})")
                .find("thresholds.default"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "build": {"build": "make"}})")
                .find("build.build"),
            std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"suites": [{"name": "c", "binary": "b"}], "build": {"build": ["make", "{out}"]}})")
          .find("{out}"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "sutes": 1})")
                .find("'sutes': unknown"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "measure": {"rounds": 1}})")
                .find("measure.rounds"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "measure": {"looks": [10, 5]}})")
                .find("measure.looks[1]"),
            std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"suites": [{"name": "c", "binary": "b"}], "measure": {"looks": [10], "rounds": 3}})")
          .find("measure.rounds"),
      std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "advisory": ["("]})")
                .find("advisory[0]"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}],
                         "thresholds": {"instructions": {"report": 0.05, "fail": 0.01}}})")
                .find("thresholds.instructions.report"),
            std::string::npos);
  EXPECT_EQ(error_of(R"({"suites": [{"name": "c", "binary": "b"}]})").find("perfwarden.json"),
            std::string::npos);  // parsed fine: no error
}

// Found by fuzzing: nlohmann's out_of_range.406 escaped as "internal error" (exit 3).
TEST(ConfigGateConfig, NumberOverflowNamesTheField) {
  EXPECT_EQ(
      error_of(R"({"suites": [{"name": "c", "binary": "b"}], "thresholds": {"default": 1e400}})"),
      "perfwarden.json: field 'thresholds.default': number 1e400 is out of range");
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b"}], "measure": {"rounds": 1e10}})")
                .find("field 'measure.rounds': expected a whole number from 2 to 1000"),
            std::string::npos);
}

TEST(ConfigGateConfig, PatternsAreRe2AndRefusedWithTheirField) {
  auto with_threshold_rule = [](const std::string& pattern) {
    return R"({"suites": [{"name": "c", "binary": "b"}], "thresholds": {"per_benchmark": {")" +
           pattern + R"(": 0.5}}})";
  };
  EXPECT_EQ(error_of(with_threshold_rule(R"((a)\\1)")),
            R"(perfwarden.json: field 'thresholds.per_benchmark.(a)\1': invalid regular )"
            R"(expression '(a)\1': invalid escape sequence: \1)");
  EXPECT_NE(error_of(R"({"suites": [{"name": "c", "binary": "b", "filter": "BM_("}]})")
                .find("suites[0].filter"),
            std::string::npos);
  auto config = parse_gate_config(with_threshold_rule(R"(BM_\\w+/\\d+)"), "f");
  EXPECT_DOUBLE_EQ(config.thresholds.for_benchmark("BM_Work/64"), 0.5);
}

TEST(ConfigGateConfig, DuplicateKeysAndDeepNestingAreConfigErrors) {
  EXPECT_EQ(error_of(R"({"suites": [], "suites": []})"),
            "perfwarden.json: field 'suites': duplicate key");
  EXPECT_NE(error_of(std::string(100, '[')).find("nested deeper than 32 levels"),
            std::string::npos);
}

TEST(ConfigGateConfig, ErrorTextStartsWithTheOrigin) {
  try {
    parse_gate_config("[]", "perfwarden.json at base 1a2b3c");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("perfwarden.json at base 1a2b3c: ", 0), 0u) << e.what();
  }
}

TEST(GateConfigTimeMetric, RealTimeWhereTheSuiteOrTheBenchmarkAsksForIt) {
  Suite suite;
  EXPECT_EQ(gated_time_metric(suite, "BM_Work"), "cpu_time");
  EXPECT_EQ(gated_time_metric(suite, "BM_Work/8/real_time"), "real_time");
  EXPECT_EQ(gated_time_metric(suite, "BM_Gpu/manual_time"), "real_time");
  EXPECT_EQ(gated_time_metric(suite, "BM_Work/process_time/real_time"), "real_time");
  EXPECT_EQ(gated_time_metric(suite, "BM_Work/process_time"), "cpu_time");
  EXPECT_EQ(gated_time_metric(suite, "real_time"), "cpu_time");  // a name, not a suffix
  EXPECT_EQ(gated_time_metric(suite, "BM_real_time_clock"), "cpu_time");
  EXPECT_EQ(gated_time_metric(suite, "BM_Work/threads:2"), "cpu_time");
  suite.time_field = TimeField::kRealTime;
  EXPECT_EQ(gated_time_metric(suite, "BM_Work"), "real_time");
}

}  // namespace
}  // namespace perfwarden::config
