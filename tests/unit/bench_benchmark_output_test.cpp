#include <gtest/gtest.h>

#include "bench/benchmark_output.h"

namespace perfwarden::bench {
namespace {

TEST(BenchBenchmarkOutput, ParsesIterationRowsAndNormalisesUnits) {
  const char* text = R"({"context": {}, "benchmarks": [
    {"name": "BM_A", "run_type": "iteration", "iterations": 100, "real_time": 2.5,
     "cpu_time": 2.0, "time_unit": "us", "bytes_per_second": 1e9},
    {"name": "BM_B", "run_type": "iteration", "iterations": 10, "real_time": 3, "cpu_time": 3,
     "time_unit": "ms"}]})";
  ParsedOutput out;
  std::string problem;
  ASSERT_TRUE(parse_benchmark_json(text, out, problem)) << problem;
  ASSERT_EQ(out.measurements.size(), 2u);
  EXPECT_EQ(out.measurements[0].name, "BM_A");
  EXPECT_DOUBLE_EQ(out.measurements[0].real_time_ns, 2500.0);
  EXPECT_DOUBLE_EQ(out.measurements[0].cpu_time_ns, 2000.0);
  EXPECT_DOUBLE_EQ(out.measurements[0].counters.at("bytes_per_second"), 1e9);
  EXPECT_DOUBLE_EQ(out.measurements[1].real_time_ns, 3e6);
}

TEST(BenchBenchmarkOutput, RepetitionsCollapseToTheirMedianAndAggregatesAreIgnored) {
  const char* text = R"({"benchmarks": [
    {"name": "BM_A", "run_type": "iteration", "real_time": 10, "cpu_time": 10, "time_unit": "ns"},
    {"name": "BM_A", "run_type": "iteration", "real_time": 30, "cpu_time": 30, "time_unit": "ns"},
    {"name": "BM_A", "run_type": "iteration", "real_time": 20, "cpu_time": 20, "time_unit": "ns"},
    {"name": "BM_A_mean", "run_type": "aggregate", "real_time": 20, "cpu_time": 20, "time_unit": "ns"}]})";
  ParsedOutput out;
  std::string problem;
  ASSERT_TRUE(parse_benchmark_json(text, out, problem));
  ASSERT_EQ(out.measurements.size(), 1u);
  EXPECT_DOUBLE_EQ(out.measurements[0].real_time_ns, 20.0);
}

TEST(BenchBenchmarkOutput, ErrorsAreCollected) {
  const char* text = R"({"benchmarks": [{"name": "BM_A", "error_occurred": true,
    "error_message": "no AVX2", "real_time": 0, "cpu_time": 0, "time_unit": "ns"}]})";
  ParsedOutput out;
  std::string problem;
  ASSERT_TRUE(parse_benchmark_json(text, out, problem));
  EXPECT_TRUE(out.measurements.empty());
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0], "BM_A: no AVX2");
}

// Google Benchmark 1.8+'s SkipWithMessage rows: listed with their message, kept among the rows
// (the profiler's report dumps count them), never measured. A name measured in another row
// (a repetition that did run) is measured, not skipped.
TEST(BenchBenchmarkOutput, SkippedBenchmarksAreListedNotMeasured) {
  const char* text = R"({"benchmarks": [
    {"name": "BM_Avx512", "run_type": "iteration", "skipped": true, "skip_message": "needs AVX-512",
     "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ns"},
    {"name": "BM_Data", "skip_message": "no input file", "real_time": 0, "cpu_time": 0},
    {"name": "BM_A", "real_time": 10, "cpu_time": 10, "time_unit": "ns"},
    {"name": "BM_Flaky", "skipped": true, "real_time": 0, "cpu_time": 0},
    {"name": "BM_Flaky", "real_time": 30, "cpu_time": 30, "time_unit": "ns"}]})";
  ParsedOutput out;
  std::string problem;
  ASSERT_TRUE(parse_benchmark_json(text, out, problem)) << problem;
  ASSERT_EQ(out.measurements.size(), 2u);
  EXPECT_EQ(out.measurements[0].name, "BM_A");
  EXPECT_EQ(out.measurements[1].name, "BM_Flaky");
  EXPECT_EQ(out.skipped, (std::map<std::string, std::string>{{"BM_Avx512", "needs AVX-512"},
                                                             {"BM_Data", "no input file"}}));
  EXPECT_EQ(out.rows.size(), 5u);
  EXPECT_EQ(out.rows[3].skip_message, "skipped");
  EXPECT_TRUE(out.errors.empty());
  EXPECT_FALSE(parse_benchmark_json(R"({"benchmarks": [{"name": "BM_A", "skipped": "yes"}]})", out,
                                    problem));
  EXPECT_EQ(problem,
            "field 'benchmarks[0].skipped': benchmark 'BM_A': expected true or false, got string");
}

TEST(BenchBenchmarkOutput, RejectsWhatIsNotGoogleBenchmarkJson) {
  ParsedOutput out;
  std::string problem;
  EXPECT_FALSE(parse_benchmark_json("", out, problem));
  EXPECT_EQ(problem, "no output");
  EXPECT_FALSE(parse_benchmark_json("{ nope", out, problem));
  EXPECT_NE(problem.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(parse_benchmark_json(R"({"context": {}})", out, problem));
  EXPECT_NE(problem.find("benchmarks"), std::string::npos);
  EXPECT_FALSE(parse_benchmark_json(
      R"({"benchmarks": [{"name": "BM_A", "real_time": 1, "cpu_time": 1, "time_unit": "fortnights"}]})",
      out, problem));
}

TEST(BenchBenchmarkOutput, RejectsHostileNames) {
  ParsedOutput out;
  std::string problem;
  std::string long_name(kMaxBenchmarkNameLength + 1, 'x');
  EXPECT_FALSE(parse_benchmark_json(
      R"({"benchmarks": [{"name": ")" + long_name + R"(", "real_time": 1, "cpu_time": 1}]})", out,
      problem));
  EXPECT_FALSE(parse_benchmark_json(
      R"({"benchmarks": [{"name": "BM_\u001b[31m", "real_time": 1, "cpu_time": 1}]})", out,
      problem));
}

// Found by fuzzing: row.value(...) threw type_error.302 and 1e400 threw out_of_range.406, both
// out of a function documented to return false.
TEST(BenchBenchmarkOutput, WrongTypesAndOverflowsAreMalformedNeverExceptions) {
  auto problem_of = [](const std::string& row) {
    ParsedOutput out;
    std::string problem;
    EXPECT_FALSE(parse_benchmark_json(R"({"benchmarks": [)" + row + "]}", out, problem)) << row;
    return problem;
  };
  const std::string base = R"("name": "BM_A", "real_time": 1, "cpu_time": 1)";
  EXPECT_EQ(problem_of("{" + base + R"(, "run_type": 7})"),
            "field 'benchmarks[0].run_type': benchmark 'BM_A': expected a string, got number");
  EXPECT_EQ(problem_of("{" + base + R"(, "error_occurred": "yes"})"),
            "field 'benchmarks[0].error_occurred': benchmark 'BM_A': expected true or false, got "
            "string");
  EXPECT_EQ(problem_of("{" + base + R"(, "error_occurred": true, "error_message": 3})"),
            "field 'benchmarks[0].error_message': benchmark 'BM_A': expected a string, got number");
  EXPECT_EQ(problem_of("{" + base + R"(, "time_unit": []})"),
            "field 'benchmarks[0].time_unit': benchmark 'BM_A': expected a string, got array");
  EXPECT_EQ(problem_of("{" + base + R"(, "iterations": "many"})"),
            "field 'benchmarks[0].iterations': benchmark 'BM_A': expected a number, got string");
  EXPECT_EQ(problem_of("{" + base + R"(, "threads": 1e10})"),
            "field 'benchmarks[0].threads': benchmark 'BM_A': expected a whole number from 1 to "
            "1048576, got 10000000000.0");
  EXPECT_EQ(problem_of(R"({"name": "BM_A", "real_time": 1e400, "cpu_time": 1})"),
            "field 'benchmarks[0].real_time': number 1e400 is out of range");
  EXPECT_EQ(problem_of(R"({"name": "BM_A", "real_time": 1e300, "cpu_time": 1, "time_unit": "s"})"),
            "field 'benchmarks[0].real_time': benchmark 'BM_A': is out of range");
  EXPECT_EQ(problem_of(R"({"name": "BM_A", "real_time": -1, "cpu_time": 1})"),
            "field 'benchmarks[0].real_time': benchmark 'BM_A': is negative");
  EXPECT_EQ(problem_of(R"({"name": 5})"),
            "field 'benchmarks[0].name': expected a string, got number");
  EXPECT_EQ(problem_of(R"({"name": "BM_\u0001"})"),
            "field 'benchmarks[0].name': a benchmark name is empty, longer than 256 characters or "
            "contains control characters");
}

TEST(BenchBenchmarkOutput, KeepsEveryIterationRowWithItsThreads) {
  const char* text = R"({"benchmarks": [
    {"name": "BM_A/threads:2", "threads": 2, "iterations": 5, "real_time": 1, "cpu_time": 1},
    {"name": "BM_A/threads:2", "threads": 2, "iterations": 7, "real_time": 3, "cpu_time": 3}]})";
  ParsedOutput out;
  std::string problem;
  ASSERT_TRUE(parse_benchmark_json(text, out, problem)) << problem;
  ASSERT_EQ(out.rows.size(), 2u);
  EXPECT_EQ(out.rows[1].threads, 2);
  EXPECT_DOUBLE_EQ(out.rows[1].iterations, 7);
  ASSERT_EQ(out.measurements.size(), 1u);
  EXPECT_DOUBLE_EQ(out.measurements[0].real_time_ns, 2.0);
}

}  // namespace
}  // namespace perfwarden::bench
