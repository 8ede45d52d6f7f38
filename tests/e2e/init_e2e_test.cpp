// End-to-end: adoption from nothing. A CMake project with two benchmark executables (and a
// library and a tool that are not benchmarks; one benchmark runs only the way its CTest test runs
// it), `perfwarden init`, commit the config it wrote, then a pull-request-like head that makes one
// benchmark slower: `compare` catches it with no hand-edited config. The whole sequence is timed
// for the issue's note.

#include <gtest/gtest.h>

#include <chrono>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;
using testing::CliRun;

std::string bench_source(const std::string& name, int work) {
  return "#include <benchmark/benchmark.h>\n#include <cstdint>\nint core_seed();\n"
         "static void " +
         name +
         "(benchmark::State& state) {\n"
         "  std::uint64_t x = core_seed();\n"
         "  for (auto _ : state) {\n"
         "    for (int i = 0; i < " +
         std::to_string(work) +
         "; ++i) {\n"
         "      x = x * 6364136223846793005ULL + 1442695040888963407ULL;\n"
         "      benchmark::DoNotOptimize(x);\n    }\n  }\n}\n"
         "BENCHMARK(" +
         name + ");\nBENCHMARK_MAIN();\n";
}

// bench_format runs only as its CTest test runs it: with its flag, its environment variable and
// in its source directory (it opens its own source file), so init must carry all three over.
std::string format_bench_source() {
  return R"(#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
int core_seed();
static void BM_Format(benchmark::State& state) {
  std::uint64_t x = core_seed();
  for (auto _ : state) {
    for (int i = 0; i < 1500; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      benchmark::DoNotOptimize(x);
    }
  }
}
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const bool fast = argc == 3 && std::string(argv[1]) == "--mode" && std::string(argv[2]) == "fast";
  if (!fast || !std::getenv("FORMAT_WIDTH") || !std::ifstream("bench_format.cpp")) return 1;
  benchmark::RegisterBenchmark("BM_Format", BM_Format);
  benchmark::RunSpecifiedBenchmarks();
}
)";
}

std::map<std::string, std::string> project(int parse_work) {
  return {{"CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.16)
project(adopt CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_library(core STATIC src/core.cpp)
add_executable(tool src/tool.cpp)
enable_testing()
add_subdirectory(bench)
)"},
          {"src/core.cpp", "int core_seed() { return 7; }\n"},
          {"src/tool.cpp", "int main() { return 0; }\n"},
          {"bench/CMakeLists.txt", R"(add_executable(bench_parse bench_parse.cpp)
target_link_libraries(bench_parse PRIVATE core benchmark::benchmark)
add_executable(bench_format bench_format.cpp)
target_link_libraries(bench_format PRIVATE core benchmark::benchmark)
add_test(NAME format-smoke COMMAND bench_format --benchmark_min_time=0.01 --mode fast)
set_tests_properties(format-smoke PROPERTIES ENVIRONMENT "FORMAT_WIDTH=8"
                     WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
)"},
          {"bench/bench_parse.cpp", bench_source("BM_Parse", parse_work)},
          {"bench/bench_format.cpp", format_bench_source()}};
}

class InitE2E : public ::testing::Test {
 protected:
  InitE2E() : dir_("perfwarden-e2e-init"), writer_(git::RepoWriter::init(repo())) {}
  fs::path repo() const { return dir_.path() / "repo"; }
  CliRun perfwarden(const std::vector<std::string>& args) {
    return testing::run_perfwarden(PERFWARDEN_BINARY, args, std::chrono::seconds(600));
  }
  fs::path json_path() const { return dir_.path() / "report.json"; }

  // Commits the config init wrote, then a pull request in which BM_Parse does twice the work,
  // and compares the two (report at json_path()).
  CliRun commit_config_then_a_slower_parse(const std::string& config) {
    writer_.commit({{"perfwarden.json", config}}, "Gate performance with perfwarden");
    writer_.commit({{"bench/bench_parse.cpp", bench_source("BM_Parse", 4000)}}, "slower parse");
    return perfwarden(testing::compare_args(repo(), "main~1", "main", json_path(),
                                            dir_.path() / "cache",
                                            {"--rounds", "10", "--min-time", "0.01"}));
  }

  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(InitE2E, FromAnEmptyDirectoryToACaughtRegressionWithoutEditingTheConfig) {
  const auto started = std::chrono::steady_clock::now();
  writer_.commit(project(2000), "a project with two benchmarks");

  CliRun init = perfwarden({"init", "--repo", repo().string()});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_NE(init.out.find("found 2 benchmark executables"), std::string::npos) << init.out;
  EXPECT_NE(init.out.find("bench_format  (bench/bench_format)"), std::string::npos) << init.out;
  EXPECT_EQ(init.out.find("tool"), std::string::npos) << init.out;  // not a benchmark
  const std::string config = util::read_text_file(repo() / "perfwarden.json");
  EXPECT_NE(config.find(R"("--target", "bench_format", "bench_parse")"), std::string::npos)
      << config;
  EXPECT_NE(init.out.find("run as the CTest test format-smoke"), std::string::npos) << init.out;
  EXPECT_NE(config.find(R"("args": ["--mode","fast"], "env": {"FORMAT_WIDTH":"8"}, )"
                        R"("working_directory": "{src}/bench")"),
            std::string::npos)
      << config;
  CliRun run = commit_config_then_a_slower_parse(config);
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(report, "BM_Parse")["verdict"], "regression") << run.out;
  EXPECT_NE(testing::find_benchmark(report, "BM_Format")["verdict"], "regression") << run.out;
  std::printf("[figures] init, commit, a regressing head and its compare: %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

// Many projects build their benchmarks only when asked: init turns the switch on, and the
// config it writes builds them the same way, so the gate measures them.
TEST_F(InitE2E, BenchmarksBehindAnOptionAreFoundAndTheRecipeTurnsItOn) {
  auto files = project(2000);
  files["CMakeLists.txt"] = R"(cmake_minimum_required(VERSION 3.16)
project(adopt CXX)
set(CMAKE_CXX_STANDARD 17)
option(ADOPT_BUILD_BENCHMARKS "Build the benchmarks" OFF)
option(ADOPT_DISABLE_BENCH_WARNINGS "Quieter benchmarks" OFF)
add_library(core STATIC src/core.cpp)
enable_testing()
if(ADOPT_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
  add_subdirectory(bench)
endif()
)";
  files.erase("src/tool.cpp");
  writer_.commit(files, "benchmarks only on request");

  CliRun init = perfwarden({"init", "--repo", repo().string()});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_NE(init.err.find("configuring again with -DADOPT_BUILD_BENCHMARKS=ON"), std::string::npos)
      << init.err;
  EXPECT_NE(init.out.find("found 2 benchmark executables"), std::string::npos) << init.out;
  EXPECT_NE(init.out.find("only with -DADOPT_BUILD_BENCHMARKS=ON"), std::string::npos) << init.out;
  const std::string config = util::read_text_file(repo() / "perfwarden.json");
  EXPECT_NE(config.find(R"("-DCMAKE_BUILD_TYPE=Release", "-DADOPT_BUILD_BENCHMARKS=ON"])"),
            std::string::npos)
      << config;
  EXPECT_EQ(config.find("DISABLE"), std::string::npos) << config;
  CliRun run = commit_config_then_a_slower_parse(config);
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(testing::find_benchmark(testing::read_json(json_path()), "BM_Parse")["verdict"],
            "regression")
      << run.out;

  // A switch that does not bring a benchmark: the error says it was tried.
  files["CMakeLists.txt"] = R"(cmake_minimum_required(VERSION 3.16)
project(adopt CXX)
option(ADOPT_BUILD_BENCHMARKS "Build the benchmarks" OFF)
add_library(core STATIC src/core.cpp)
)";
  writer_.commit(files, "no benchmarks at all");
  CliRun none = perfwarden({"init", "--repo", repo().string(), "--force"});
  EXPECT_EQ(none.exit_code, 2) << none.out << none.err;
  EXPECT_NE(none.err.find("links Google Benchmark (nor with -DADOPT_BUILD_BENCHMARKS=ON)"),
            std::string::npos)
      << none.err;
}

TEST_F(InitE2E, NeverOverwritesWithoutForceAndSaysHowToAddABenchmark) {
  auto files = project(2000);
  writer_.commit(files, "project");
  util::write_file_atomically(repo() / "perfwarden.json", "{ \"mine\": true }\n");
  CliRun refused = perfwarden({"init", "--repo", repo().string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("already exists"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(util::read_text_file(repo() / "perfwarden.json"), "{ \"mine\": true }\n");
  CliRun forced = perfwarden({"init", "--repo", repo().string(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(util::read_text_file(repo() / "perfwarden.json").find("bench_parse"),
            std::string::npos);

  // A project without any benchmark executable.
  files["bench/CMakeLists.txt"] = "add_executable(bench_parse bench_parse.cpp)\n";
  files["bench/bench_parse.cpp"] = "int main() { return 0; }\n";
  writer_.commit(files, "no benchmark library any more");
  CliRun none = perfwarden({"init", "--repo", repo().string(), "--force"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("links Google Benchmark"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("target_link_libraries(bench_core PRIVATE benchmark::benchmark)"),
            std::string::npos)
      << none.err;
  CliRun not_cmake = perfwarden({"init", "--repo", dir_.path().string()});
  EXPECT_EQ(not_cmake.exit_code, 2);
  EXPECT_NE(not_cmake.err.find("has no CMakeLists.txt"), std::string::npos) << not_cmake.err;
}

TEST_F(InitE2E, TheAdoptionPullRequestIsJudgedByTheConfigItIntroduces) {
  writer_.commit(project(2000), "a project without the gate");
  CliRun init = perfwarden({"init", "--repo", repo().string()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  writer_.commit({{"perfwarden.json", util::read_text_file(repo() / "perfwarden.json")}},
                 "Gate performance with perfwarden");
  auto json = dir_.path() / "report.json";
  auto markdown = dir_.path() / "report.md";
  CliRun run = perfwarden(testing::compare_args(
      repo(), "main~1", "main", json, dir_.path() / "cache",
      {"--rounds", "6", "--min-time", "0.01", "--markdown", markdown.string()}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string notice = "this pull request introduces the gate";
  EXPECT_NE(run.out.find("note: " + notice), std::string::npos) << run.out;
  EXPECT_NE(util::read_text_file(markdown).find("> **Note:** " + notice), std::string::npos);
  auto report = testing::read_json(json);
  ASSERT_EQ(report["notices"].size(), 1u) << report.dump(2);
  EXPECT_NE(report["notices"][0].get<std::string>().find(notice), std::string::npos);
  EXPECT_EQ(report["benchmarks"].size(), 2u) << report.dump(2);

  // Once the gate is in the base, a later change is judged by the base's config again: no notice.
  writer_.commit({{"perfwarden.json", "{ \"suites\": [] }\n"}}, "try to switch the gate off");
  CliRun later =
      perfwarden(testing::compare_args(repo(), "main~1", "main", json, dir_.path() / "cache",
                                       {"--rounds", "6", "--min-time", "0.01"}));
  EXPECT_EQ(testing::read_json(json)["notices"].size(), 0u) << later.out << later.err;
  EXPECT_EQ(later.out.find(notice), std::string::npos) << later.out;
}

}  // namespace
}  // namespace perfwarden
