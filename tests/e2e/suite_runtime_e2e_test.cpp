// End-to-end: a benchmark that runs only the way real projects' benchmarks do. It takes its own
// flag (`--input`), needs an environment variable, and opens a file relative to its working
// directory, aborting otherwise; its input file is copied by a third build step. The head
// changes only that data file, making the benchmark twice as slow: the gate must run it with the
// suite's args, env and working directory expanded for each side, and catch the regression.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;
using testing::CliRun;

constexpr const char* kBenchmark = R"(#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

static long work = 0;

static void BM_Data(benchmark::State& state) {
  std::uint64_t x = 7;
  for (auto _ : state) {
    for (long i = 0; i < work; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      benchmark::DoNotOptimize(x);
    }
  }
}

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string input;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--input") input = argv[i + 1];
  }
  const char* scale = std::getenv("BENCH_SCALE");
  std::ifstream marker("marker.txt");  // relative: the working directory matters
  std::ifstream data(input);
  if (!scale || !marker || !(data >> work)) {
    std::fprintf(stderr, "usage: BENCH_SCALE=N bench_data --input FILE, run in data/\n");
    return 1;
  }
  work *= std::atol(scale);
  benchmark::RegisterBenchmark("BM_Data", BM_Data);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
)";

constexpr const char* kConfig = R"({
  "build": {"steps": [
    ["cmake", "-S", "{src}", "-B", "{build}", "-DCMAKE_BUILD_TYPE=Release"],
    ["cmake", "--build", "{build}"],
    ["cmake", "-E", "copy", "{src}/data/work.txt", "{build}/work.txt"]
  ]},
  "suites": [{"name": "data", "binary": "bench_data", "args": ["--input", "{build}/work.txt"],
              "env": {"BENCH_SCALE": "2"}, "working_directory": "{src}/data"}],
  "thresholds": {"default": 0.1}
}
)";

TEST(SuiteRuntimeE2E, ArgsEnvWorkingDirectoryAndBuildStepsReachTheBenchmark) {
  util::TempDir dir("perfwarden-e2e-suite-runtime");
  const fs::path repo = dir.path() / "repo";
  auto writer = git::RepoWriter::init(repo);
  writer.commit({{"CMakeLists.txt",
                  "cmake_minimum_required(VERSION 3.16)\nproject(data CXX)\n"
                  "find_package(benchmark REQUIRED)\n"
                  "add_executable(bench_data bench.cpp)\n"
                  "target_link_libraries(bench_data benchmark::benchmark)\n"},
                 {"bench.cpp", kBenchmark},
                 {"data/marker.txt", "benchmarks run here\n"},
                 {"data/work.txt", "1000\n"},
                 {"perfwarden.json", kConfig}},
                "a benchmark that needs its data");
  writer.commit({{"data/work.txt", "2000\n"}}, "twice the data");

  auto json = dir.path() / "report.json";
  CliRun run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      testing::compare_args(repo, "main~1", "main", json, dir.path() / "cache",
                            // The sequential looks, not a fixed count: one noisy round of this
                            // 2 us loop on a loaded machine then costs more rounds, not the test.
                            {"--min-time", "0.01", "--deterministic", "off"}),
      std::chrono::seconds(600));
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json);
  auto benchmark = testing::find_benchmark(report, "BM_Data");
  EXPECT_EQ(benchmark["verdict"], "regression") << run.out;
  EXPECT_GT(benchmark["ratio"].get<double>(), 1.6) << run.out;
  // The third step's name in progress, as users see it.
  EXPECT_NE(run.err.find("running step 3 of 3 (cmake) for main~1"), std::string::npos) << run.err;
}

TEST(SuiteRuntimeE2E, AFailingExtraStepNamesItself) {
  util::TempDir dir("perfwarden-e2e-suite-runtime-step");
  const fs::path repo = dir.path() / "repo";
  auto writer = git::RepoWriter::init(repo);
  std::string config = kConfig;
  config.replace(config.find("{src}/data/work.txt"), 19, "{src}/data/missing.txt");
  writer.commit({{"CMakeLists.txt",
                  "cmake_minimum_required(VERSION 3.16)\nproject(data CXX)\n"
                  "find_package(benchmark REQUIRED)\n"
                  "add_executable(bench_data bench.cpp)\n"
                  "target_link_libraries(bench_data benchmark::benchmark)\n"},
                 {"bench.cpp", kBenchmark},
                 {"perfwarden.json", config}},
                "the data is missing");
  writer.commit({{"README", "x\n"}}, "head");
  CliRun run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      testing::compare_args(repo, "main~1", "main", dir.path() / "report.json",
                            dir.path() / "cache", {"--rounds", "3", "--min-time", "0.01"}),
      std::chrono::seconds(600));
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;  // the base does not build: infrastructure
  EXPECT_NE((run.out + run.err).find("step 3 of 3"), std::string::npos) << run.out << run.err;
}

}  // namespace
}  // namespace perfwarden
