// End-to-end: cheap builds. A real CMake + Google Benchmark library of 32 translation units is
// compared through one build cache: the head after its base compiles only what changed (ccache),
// a second compare compiles nothing, and a header-only or a flag-only change is rebuilt and seen
// by the benchmark (a stale object would hide the regression). A second, small project checks the
// bounded cache: pruning keeps entries another run holds and keeps the cache under its limit.
//
// The build figures (cold base, incremental head) are printed for the issue's note; nothing here
// asserts on time except a 4x change of work, far outside any noise.

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "build/cache_entries.h"
#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/file_lock.h"
#include "util/files.h"
#include "util/find_program.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;
using testing::CliRun;

constexpr int kParts = 31;  // + bench.cpp: 32 translation units

// Measures little: the changes under test are 2x and more, or none.
std::string fast_config(const std::string& build = "") {
  return R"({
  "suites": [ { "name": "lib", "binary": "bench_lib" } ],)" +
         build + R"(
  "measure": { "rounds": 8, "min_time": 0.01, "timeout_seconds": 60, "deterministic": "off" }
})";
}

// A library whose parts each instantiate real templates (maps, streams, sorting), as most
// projects' translation units do; BM_Work runs kWork (work.h) x WORK_FACTOR dependent steps.
std::map<std::string, std::string> library_project() {
  std::map<std::string, std::string> files;
  std::string cmake = R"(cmake_minimum_required(VERSION 3.16)
project(lib CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_library(parts STATIC)
)";
  for (int i = 0; i < kParts; ++i) {
    const std::string n = std::to_string(i);
    cmake += "target_sources(parts PRIVATE src/part_" + n + ".cpp)\n";
    files["src/part_" + n + ".cpp"] = R"(#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>
// Part )" + n + R"( of the library.
int part_)" + n + R"((const std::string& text) {
  std::map<std::string, int> counts;
  std::istringstream in(text);
  for (std::string word; in >> word;) ++counts[word + ")" +
                                      n + R"("];
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::ostringstream out;
  for (auto& [w, c] : sorted) out << w << c;
  return static_cast<int>(out.str().size());
}
)";
  }
  cmake += R"(add_executable(bench_lib bench.cpp)
target_link_libraries(bench_lib PRIVATE parts benchmark::benchmark)
if(DEFINED WORK_FACTOR)  # a recipe's -DWORK_FACTOR=N
  target_compile_definitions(bench_lib PRIVATE WORK_FACTOR=${WORK_FACTOR})
endif()
)";
  files["CMakeLists.txt"] = cmake;
  files["src/work.h"] = "#pragma once\nconstexpr int kWork = 2000;\n";
  files["bench.cpp"] = R"(#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include "src/work.h"
#ifndef WORK_FACTOR
#define WORK_FACTOR 1
#endif
int part_0(const std::string& text);
static void BM_Work(benchmark::State& state) {
  std::uint64_t x = static_cast<std::uint64_t>(part_0("ab0 cd0"));
  for (auto _ : state) {
    for (int i = 0; i < kWork * WORK_FACTOR; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      benchmark::DoNotOptimize(x);
    }
  }
}
BENCHMARK(BM_Work);
BENCHMARK_MAIN();
)";
  files["perfwarden.json"] = fast_config();
  return files;
}

class IncrementalBuildE2E : public ::testing::Test {
 protected:
  // One repository and one cache for the whole suite: the base is built cold once.
  static void SetUpTestSuite() {
    dir_ = new util::TempDir("perfwarden-e2e-incremental");
    auto writer = git::RepoWriter::init(dir_->path() / "repo");
    auto files = library_project();
    const std::string base = writer.commit(files, "base");
    writer.create_branch("base", base);
    writer.create_branch(
        "one-file", writer.commit({{"src/part_7.cpp", files["src/part_7.cpp"] +
                                                          "int part_7_extra() { return 7; }\n"}},
                                  "one source file"));
    writer.create_branch("header", base);
    writer.checkout_branch("header");
    writer.commit({{"src/work.h", "#pragma once\nconstexpr int kWork = 4000;\n"}},
                  "header only: twice the work");
    writer.create_branch("flag", base);
    writer.checkout_branch("flag");
    writer.commit(
        {{"CMakeLists.txt", files["CMakeLists.txt"] +
                                "target_compile_definitions(bench_lib PRIVATE WORK_FACTOR=2)\n"}},
        "a -D only: twice the work");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  CliRun compare(const std::string& head, const std::vector<std::string>& extra = {}) {
    return testing::run_perfwarden(
        PERFWARDEN_BINARY,
        testing::compare_args(dir_->path() / "repo", "base", head, json_path(), cache(), extra),
        std::chrono::seconds(600));
  }
  static fs::path cache() { return dir_->path() / "cache"; }
  static fs::path json_path() { return dir_->path() / "report.json"; }

  static util::TempDir* dir_;
};
util::TempDir* IncrementalBuildE2E::dir_ = nullptr;

TEST_F(IncrementalBuildE2E, TheHeadCompilesOnlyTheChangedFileAndARerunCompilesNothing) {
  if (!util::find_program("ccache")) GTEST_SKIP() << "ccache is not installed";
  CliRun run = compare("one-file");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  const auto& base = report["base"];
  const auto& head = report["head"];
  EXPECT_FALSE(base["build_reused"].get<bool>());
  EXPECT_TRUE(head["build_compiler_cache"].get<bool>());
  EXPECT_EQ(head["build_objects_compiled"], 1) << head.dump(2);
  EXPECT_EQ(head["build_objects_from_cache"], kParts) << head.dump(2);
  EXPECT_NE(run.out.find(", " + std::to_string(kParts) + " of " + std::to_string(kParts + 1) +
                         " objects from ccache"),
            std::string::npos)
      << run.out;
  std::printf(
      "[figures] cold base build %.1f s (%d objects compiled), head %.1f s (%d of %d from "
      "ccache): %.0f%% of the cold build\n",
      base["build_seconds"].get<double>(), base["build_objects_compiled"].get<int>(),
      head["build_seconds"].get<double>(), head["build_objects_from_cache"].get<int>(),
      head["build_objects_compiled"].get<int>() + head["build_objects_from_cache"].get<int>(),
      100.0 * head["build_seconds"].get<double>() / base["build_seconds"].get<double>());

  CliRun again = compare("one-file");
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto second = testing::read_json(json_path());
  for (const char* side : {"base", "head"}) {
    EXPECT_TRUE(second[side]["build_reused"].get<bool>()) << side;
    EXPECT_EQ(second[side]["build_objects_compiled"], 0) << side;
    EXPECT_EQ(second[side]["build_objects_from_cache"], 0) << side;
  }
  EXPECT_NE(again.out.find("builds: base reused, head reused"), std::string::npos) << again.out;
}

// ctest runs every test in a process of its own, so each test here builds the base cold once:
// the three kinds of change share one test.
TEST_F(IncrementalBuildE2E, HeaderFlagAndRecipeChangesAreRebuiltAndTheBenchmarkSeesThem) {
  {
    SCOPED_TRACE("a header-only change");
    CliRun run = compare("header");
    ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
    auto report = testing::read_json(json_path());
    EXPECT_EQ(testing::find_benchmark(report, "BM_Work")["verdict"], "regression") << run.out;
    if (report["head"]["build_compiler_cache"].get<bool>()) {
      EXPECT_EQ(report["head"]["build_objects_compiled"], 1)
          << report["head"].dump(2);  // bench.cpp
    }
  }
  {
    SCOPED_TRACE("a -D in the CMakeLists only");
    CliRun run = compare("flag");
    ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
    auto report = testing::read_json(json_path());
    EXPECT_EQ(testing::find_benchmark(report, "BM_Work")["verdict"], "regression") << run.out;
    if (report["head"]["build_compiler_cache"].get<bool>()) {
      // Only bench_lib's own source gets the -D; the library's objects come from ccache.
      EXPECT_EQ(report["head"]["build_objects_compiled"], 1) << report["head"].dump(2);
      EXPECT_EQ(report["head"]["build_objects_from_cache"], kParts) << report["head"].dump(2);
    }
  }
  SCOPED_TRACE("a recipe with another -D");
  // The maintainer's recipe passes -DWORK_FACTOR=4: a new cache key for both builds, and ccache
  // must compile bench.cpp again (its command line differs) while the parts come from it. The
  // header branch, because its benchmark binary differs from the base's and so is measured.
  auto config = dir_->path() / "factor4.json";
  util::write_file_atomically(config, fast_config(R"(
  "build": { "configure": ["cmake", "-S", "{src}", "-B", "{build}", "-DCMAKE_BUILD_TYPE=Release",
                           "-DWORK_FACTOR=4"] },)"));
  const double plain_ns =
      testing::find_benchmark(testing::read_json(json_path()), "BM_Work")["base"]["median"];
  CliRun factor4 = compare("header", {"--config", config.string()});
  ASSERT_EQ(factor4.exit_code, 1) << factor4.out << factor4.err;
  auto report = testing::read_json(json_path());
  const double factor4_ns = testing::find_benchmark(report, "BM_Work")["base"]["median"];
  EXPECT_GT(factor4_ns, 2.0 * plain_ns) << plain_ns << " ns, then " << factor4_ns << " ns";
  EXPECT_FALSE(report["base"]["build_reused"].get<bool>());
  if (report["base"]["build_compiler_cache"].get<bool>()) {
    EXPECT_EQ(report["base"]["build_objects_compiled"], 1) << report["base"].dump(2);
    EXPECT_EQ(report["base"]["build_objects_from_cache"], kParts) << report["base"].dump(2);
  }
}

// A small project whose build takes at least `sleep_seconds` (a custom step that sleeps), so that
// a prune can be run while it builds.
std::map<std::string, std::string> small_project(int variant, int sleep_seconds) {
  std::string cmake = R"(cmake_minimum_required(VERSION 3.16)
project(small CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_lib bench.cpp)
target_link_libraries(bench_lib PRIVATE benchmark::benchmark)
)";
  if (sleep_seconds > 0) {
    cmake +=
        "add_custom_target(slow_step ALL COMMAND sleep " + std::to_string(sleep_seconds) + ")\n";
  }
  return {{"CMakeLists.txt", cmake},
          {"perfwarden.json", fast_config()},
          {"bench.cpp", "#include <benchmark/benchmark.h>\n// variant " + std::to_string(variant) +
                            "\nstatic void BM_Work(benchmark::State& s) { int x = 0; for (auto _ : "
                            "s) benchmark::DoNotOptimize(++x); }\nBENCHMARK(BM_Work);\n"
                            "BENCHMARK_MAIN();\n"}};
}

std::uint64_t entries_bytes(const fs::path& cache) {
  std::uint64_t bytes = 0;
  for (const auto& entry : build::list_cache_entries(cache)) bytes += entry.bytes;
  return bytes;
}

class BoundedCacheE2E : public ::testing::Test {
 protected:
  BoundedCacheE2E()
      : dir_("perfwarden-e2e-bounded"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}
  fs::path repo() const { return dir_.path() / "repo"; }
  fs::path cache() const { return dir_.path() / "cache"; }
  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(BoundedCacheE2E, APruneDuringAnotherRunsBuildLeavesThatRunsEntryIntact) {
  writer_.commit(small_project(0, 6), "base");
  writer_.commit(small_project(1, 6), "head");
  auto json = dir_.path() / "report.json";
  auto compare = std::async(std::launch::async, [&] {
    return testing::run_perfwarden(PERFWARDEN_BINARY,
                                   testing::compare_args(repo(), "main~1", "main", json, cache()));
  });
  // Wait until the compare holds an entry's lock (it is building the base), then prune
  // everything the limits allow: nothing of that run may go.
  bool pruned_while_building = false;
  for (int i = 0; i < 300 && !pruned_while_building; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto entries = build::list_cache_entries(cache());
    if (entries.empty() || !entries.front().in_use) continue;
    CliRun prune = testing::run_perfwarden(
        PERFWARDEN_BINARY,
        {"cache", "prune", "--cache-dir", cache().string(), "--max-size", "1", "--max-age", "0s"});
    ASSERT_EQ(prune.exit_code, 0) << prune.out << prune.err;
    EXPECT_NE(prune.out.find("another perfwarden run is using it"), std::string::npos) << prune.out;
    pruned_while_building = true;
  }
  EXPECT_TRUE(pruned_while_building) << "the compare never held an entry";
  CliRun run = compare.get();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(testing::read_json(json)["base"]["build_reused"].get<bool>());
  // After the run, the same prune may remove both entries: nobody holds them any more.
  CliRun prune = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      {"cache", "prune", "--cache-dir", cache().string(), "--max-size", "1", "--max-age", "0s"});
  ASSERT_EQ(prune.exit_code, 0) << prune.out << prune.err;
  EXPECT_NE(prune.out.find("removed 2 entries"), std::string::npos) << prune.out;
  EXPECT_TRUE(build::list_cache_entries(cache()).empty());
}

TEST_F(BoundedCacheE2E, ManyComparesStayUnderTheLimitAndTheCacheCommandsShowAndClearIt) {
  std::vector<std::string> commits;
  for (int variant = 0; variant < 5; ++variant)
    commits.push_back(
        writer_.commit(small_project(variant, 0), "variant " + std::to_string(variant)));
  auto json = dir_.path() / "report.json";
  // The first compare tells how big an entry is; then allow about three entries.
  CliRun first = testing::run_perfwarden(
      PERFWARDEN_BINARY, testing::compare_args(repo(), commits[0], commits[1], json, cache()));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::uint64_t entry = entries_bytes(cache()) / 2;
  const std::uint64_t limit = entry * 3 * 4 / 3;  // the entries' share is three quarters
  for (std::size_t i = 2; i < commits.size(); ++i) {
    CliRun run = testing::run_perfwarden(
        PERFWARDEN_BINARY, testing::compare_args(repo(), commits[i - 1], commits[i], json, cache(),
                                                 {"--cache-max-size", std::to_string(limit)}));
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_LE(entries_bytes(cache()), limit * 3 / 4 + entry / 4) << "after compare " << i;
    EXPECT_LE(build::list_cache_entries(cache()).size(), 3u);
  }
  // The most recent pair survives every prune.
  auto entries = build::list_cache_entries(cache());
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].commit, commits[4]);

  CliRun list = testing::run_perfwarden(PERFWARDEN_BINARY,
                                        {"cache", "list", "--cache-dir", cache().string()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(commits[4].substr(0, 12)), std::string::npos) << list.out;
  EXPECT_NE(list.out.find(entries[0].key), std::string::npos) << list.out;
  CliRun clear = testing::run_perfwarden(PERFWARDEN_BINARY,
                                         {"cache", "clear", "--cache-dir", cache().string()});
  ASSERT_EQ(clear.exit_code, 0) << clear.err;
  EXPECT_TRUE(build::list_cache_entries(cache()).empty());
  EXPECT_FALSE(fs::exists(cache() / "ccache"));

  CliRun bad = testing::run_perfwarden(
      PERFWARDEN_BINARY, {"cache", "prune", "--cache-dir", cache().string(), "--max-size", "lots"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--max-size 'lots' is not a size"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace perfwarden
