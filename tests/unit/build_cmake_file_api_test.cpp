#include <gtest/gtest.h>

#include "build/cmake_file_api.h"

namespace perfwarden::build {
namespace {

TEST(BuildCmakeFileApi, RecognisesGoogleBenchmarkOnlyByItsLibraryName) {
  for (const char* yes :
       {"/usr/lib/x86_64-linux-gnu/libbenchmark.so.1.7.1",
        "third_party/benchmark/src/libbenchmark.a", "libbenchmark_main.a", "-lbenchmark",
        "-lbenchmark_main", "/opt/lib/libbenchmark.so", "benchmark::@6890427a1f51a3e7e1df"}) {
    EXPECT_TRUE(is_google_benchmark_library(yes)) << yes;
  }
  for (const char* no : {"", "libbenchmark_utils.a", "/x/mybenchmark.a", "-lbenchmarks",
                         "libbenchmark.txt", "benchmarks::@1", "../libcore.a", "-Wl,-rpath"}) {
    EXPECT_FALSE(is_google_benchmark_library(no)) << no;
  }
}

TEST(BuildCmakeFileApi, ReadsAnExecutableThatLinksBenchmarkFromItsTargetReply) {
  // Trimmed from CMake 3.25's reply for `target_link_libraries(bench_core core
  // benchmark::benchmark)`.
  ExecutableTarget target;
  bool executable = false;
  std::string problem;
  ASSERT_TRUE(parse_codemodel_target(R"({"name": "bench_core", "type": "EXECUTABLE",
      "artifacts": [{"path": "bench/bench_core"}],
      "link": {"commandFragments": [{"fragment": "", "role": "flags"},
        {"fragment": "../libcore.a", "role": "libraries"},
        {"fragment": "/usr/lib/x86_64-linux-gnu/libbenchmark.so.1.7.1", "role": "libraries"}]},
      "dependencies": [{"id": "core::@6890427a1f51a3e7e1df"}]})",
                                     target, executable, problem))
      << problem;
  EXPECT_TRUE(executable);
  EXPECT_EQ(target.name, "bench_core");
  EXPECT_EQ(target.artifact, "bench/bench_core");
  EXPECT_TRUE(target.links_benchmark);

  ASSERT_TRUE(parse_codemodel_target(R"({"name": "core", "type": "STATIC_LIBRARY"})", target,
                                     executable, problem));
  EXPECT_FALSE(executable);
  // A vendored Google Benchmark shows up as a dependency on its target.
  ASSERT_TRUE(parse_codemodel_target(R"({"name": "b", "type": "EXECUTABLE",
      "artifacts": [{"path": "b"}], "dependencies": [{"id": "benchmark::@1a2b"}]})",
                                     target, executable, problem));
  EXPECT_TRUE(target.links_benchmark);
}

TEST(BuildCmakeFileApi, RefusesRepliesThatNameAnythingButAPlainFile) {
  std::string file, problem;
  EXPECT_TRUE(parse_reply_index(
      R"({"reply": {"codemodel-v2": {"jsonFile": "codemodel-v2-1.json"}}})", file, problem));
  EXPECT_EQ(file, "codemodel-v2-1.json");
  for (const char* bad :
       {R"({"reply": {"codemodel-v2": {"jsonFile": "../../etc/passwd"}}})", R"({"reply": {}})",
        R"({"reply": {"codemodel-v2": {"jsonFile": 3}}})", "[1, 2", "1e400"}) {
    problem.clear();
    EXPECT_FALSE(parse_reply_index(bad, file, problem)) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
  std::vector<std::string> targets;
  EXPECT_TRUE(parse_codemodel(
      R"({"configurations": [{"targets": [{"jsonFile": "target-a.json"}, {"jsonFile": "target-b.json"}]}]})",
      targets, problem));
  EXPECT_EQ(targets, (std::vector<std::string>{"target-a.json", "target-b.json"}));
  EXPECT_FALSE(parse_codemodel(R"({"configurations": [{"targets": [{"jsonFile": "/abs"}]}]})",
                               targets, problem));
  EXPECT_FALSE(parse_codemodel(R"({"configurations": []})", targets, problem));
  ExecutableTarget target;
  bool executable = false;
  EXPECT_FALSE(parse_codemodel_target(R"({"name": "x", "type": "EXECUTABLE"})", target, executable,
                                      problem));
  EXPECT_NE(problem.find("no artifact path"), std::string::npos) << problem;
}

TEST(BuildCmakeFileApi, FindsTheProjectsOwnBenchmarkSwitchesThatAreOff) {
  std::string file, problem;
  ASSERT_TRUE(parse_reply_index(R"({"reply": {"codemodel-v2": {"jsonFile": "c.json"},
      "cache-v2": {"jsonFile": "cache-v2-1.json"}}})",
                                file, problem, "cache-v2"));
  EXPECT_EQ(file, "cache-v2-1.json");

  // As CMake 3.25 writes it (trimmed).
  std::vector<CMakeCacheEntry> entries;
  ASSERT_TRUE(parse_cache(R"({"kind": "cache", "entries": [
    {"name": "MYLIB_BUILD_BENCHMARKS", "type": "BOOL", "value": "OFF",
     "properties": [{"name": "HELPSTRING", "value": "Build the benchmarks"}]},
    {"name": "MYLIB_PERF", "type": "BOOL", "value": "0",
     "properties": [{"name": "HELPSTRING", "value": "Build performance benchmarks"}]},
    {"name": "MYLIB_BENCH_ALREADY", "type": "BOOL", "value": "ON", "properties": []},
    {"name": "MYLIB_DISABLE_BENCHMARKS", "type": "BOOL", "value": "OFF", "properties": []},
    {"name": "BENCHMARK_ENABLE_TESTING", "type": "BOOL", "value": "OFF",
     "properties": [{"name": "HELPSTRING", "value": "Enable testing of the benchmark library."}]},
    {"name": "MYLIB_BENCH_DIR", "type": "PATH", "value": "", "properties": []},
    {"name": "MYLIB_TESTS", "type": "BOOL", "value": "OFF", "properties": []},
    {"name": "EVIL; rm -rf /_BENCH", "type": "BOOL", "value": "OFF", "properties": []},
    {"type": "BOOL", "value": "OFF"}
  ]})",
                          entries, problem))
      << problem;
  EXPECT_EQ(entries.size(), 8u);
  EXPECT_EQ(entries[0].help, "Build the benchmarks");
  EXPECT_EQ(benchmark_switches(entries),
            (std::vector<std::string>{"MYLIB_BUILD_BENCHMARKS", "MYLIB_PERF"}));

  for (const char* bad : {R"({"entries": 3})", "[]", "{\"entries\": [", "1e400"}) {
    problem.clear();
    EXPECT_FALSE(parse_cache(bad, entries, problem)) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
}

TEST(BuildCmakeFileApi, SaysWhenABuildIsNotOptimised) {
  auto cache = [](std::vector<std::pair<std::string, std::string>> values) {
    std::vector<CMakeCacheEntry> entries;
    for (auto& [name, value] : values) entries.push_back({name, "STRING", value, ""});
    return entries;
  };
  EXPECT_EQ(unoptimised_build_reason(cache({{"CMAKE_BUILD_TYPE", ""}})),
            "its CMAKE_BUILD_TYPE is empty");
  EXPECT_EQ(unoptimised_build_reason(cache({})), "its CMAKE_BUILD_TYPE is empty");
  EXPECT_EQ(unoptimised_build_reason(cache({{"CMAKE_BUILD_TYPE", "debug"}})),
            "its CMAKE_BUILD_TYPE is Debug");
  EXPECT_EQ(unoptimised_build_reason(cache({{"CMAKE_BUILD_TYPE", ""}, {"CMAKE_CXX_FLAGS", "-O0"}})),
            "its CMAKE_BUILD_TYPE is empty");
  for (const auto& optimised :
       {cache({{"CMAKE_BUILD_TYPE", "Release"}}), cache({{"CMAKE_BUILD_TYPE", "RelWithDebInfo"}}),
        cache({{"CMAKE_BUILD_TYPE", "Profile"}}),
        cache({{"CMAKE_BUILD_TYPE", ""}, {"CMAKE_CXX_FLAGS", "-march=native -O2"}}),
        cache({{"CMAKE_BUILD_TYPE", "Debug"}, {"CMAKE_CXX_FLAGS_DEBUG", "-g -O3"}}),
        cache({{"CMAKE_CONFIGURATION_TYPES", "Debug;Release"}})}) {
    EXPECT_EQ(unoptimised_build_reason(optimised), "");
  }
}

}  // namespace
}  // namespace perfwarden::build
