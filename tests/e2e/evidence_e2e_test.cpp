// End-to-end: the deterministic stage of `compare` on a real project whose timed loop gets
// slower through code placement alone. The head only grows padding.cpp (no benchmark executes
// it), which moves sleepy.cpp's code further into the binary; BM_Sleep sleeps as many
// nanoseconds as its own function's offset in the image, so its time follows its placement
// while its instructions stay the same: the `placement` verdict, by construction.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {

using testing::CliRun;

// The suite measures real time: BM_Sleep waits. `placement` is the config's value for it.
std::string placement_config(const std::string& placement) {
  return R"({
  "suites": [ { "name": "placed", "binary": "bench_placed", "time": "real_time" } ],
  "thresholds": { "default": 0.05 },
  "placement": ")" +
         placement + R"(",
  "measure": { "rounds": 10, "min_time": 0.01, "timeout_seconds": 60 }
})";
}

std::map<std::string, std::string> placement_project(int padding_bytes, bool loop_calls_padding) {
  const std::string config = placement_config("advisory");
  // padding.o links first, so its size decides where sleepy.o's code lands.
  const std::string cmake = R"(cmake_minimum_required(VERSION 3.16)
project(placed CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_placed padding.cpp sleepy.cpp bench.cpp)
target_link_libraries(bench_placed PRIVATE benchmark::benchmark)
)";
  const std::string padding =
      "// Code no benchmark runs, but which moves the code after it.\n"
      "asm(\".text\\n.skip " +
      std::to_string(padding_bytes) +
      "\\n\");\n"
      "int pad_identity(int x) { return x; }\n";
  const std::string sleepy = R"(#include <cstdint>
extern "C" char __executable_start;
// The offset of this very function in the image: its placement, in bytes.
long sleepy_delay_ns() {
  return static_cast<long>(reinterpret_cast<std::uintptr_t>(&sleepy_delay_ns) -
                           reinterpret_cast<std::uintptr_t>(&__executable_start));
}
)";
  std::string bench = R"(#include <benchmark/benchmark.h>
#include <time.h>
long sleepy_delay_ns();
int pad_identity(int x);
static void BM_Sleep(benchmark::State& state) {
  const timespec pause{0, sleepy_delay_ns()};
  int x = 1;
  for (auto _ : state) {
    nanosleep(&pause, nullptr);
    CALL_PADDING
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_Sleep);
BENCHMARK_MAIN();
)";
  const std::string marker = "CALL_PADDING";
  bench.replace(bench.find(marker), marker.size(),
                loop_calls_padding ? "x = pad_identity(x);" : "");
  return {{"perfwarden.json", config},
          {"CMakeLists.txt", cmake},
          {"padding.cpp", padding},
          {"sleepy.cpp", sleepy},
          {"bench.cpp", bench}};
}

class EvidenceE2E : public ::testing::Test {
 protected:
  EvidenceE2E() : dir_("perfwarden-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}

  // Base: 4 KB of padding; head: 96 KB, so BM_Sleep sleeps about 90 us longer per iteration.
  void commit_pair(bool loop_calls_padding) {
    writer_.commit(placement_project(4096, loop_calls_padding), "base");
    writer_.commit(placement_project(98304, loop_calls_padding), "grow padding.cpp");
  }

  CliRun compare(const std::vector<std::string>& extra = {}) {
    return testing::run_perfwarden(
        PERFWARDEN_BINARY, testing::compare_args(dir_.path() / "repo", "main~1", "main",
                                                 json_path(), dir_.path() / "cache", extra));
  }

  std::filesystem::path json_path() const { return dir_.path() / "report.json"; }

  util::TempDir dir_;
  git::RepoWriter writer_;
};

TEST_F(EvidenceE2E, SlowerThroughPlacementAloneIsPlacementAndAdvisory) {
  commit_pair(false);
  CliRun run = compare();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  auto sleep = testing::find_benchmark(report, "BM_Sleep");
  EXPECT_EQ(sleep["verdict"], "placement") << sleep.dump(2);
  EXPECT_TRUE(sleep["advisory"].get<bool>());
  const auto& evidence = sleep["evidence"];
  EXPECT_TRUE(evidence["repeatable"].get<bool>()) << evidence.dump(2);
  EXPECT_NEAR(evidence["instructions"][1].get<double>() / evidence["instructions"][0].get<double>(),
              1.0, 0.002)
      << evidence.dump(2);
  EXPECT_NE(sleep["reason"].get<std::string>().find("executes none of the changed files"),
            std::string::npos)
      << sleep["reason"];
  EXPECT_NE(run.out.find("placement"), std::string::npos) << run.out;

  // A maintainer's config that makes placement block: the same measurement now fails.
  auto strict = dir_.path() / "strict.json";
  util::write_file_atomically(strict, placement_config("fail"));
  CliRun blocked = compare({"--config", strict.string()});
  ASSERT_EQ(blocked.exit_code, 1) << blocked.out << blocked.err;
  auto strict_report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(strict_report, "BM_Sleep")["verdict"], "placement");
  EXPECT_EQ(strict_report["verdict"], "fail");
}

TEST_F(EvidenceE2E, ALoopThatRunsTheChangedFileStaysARegression) {
  // The same placement effect, but the loop calls into padding.cpp: the rule cannot show the
  // change is not executed, so it does not excuse the slowdown.
  commit_pair(true);
  CliRun run = compare();
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  auto sleep = testing::find_benchmark(report, "BM_Sleep");
  EXPECT_EQ(sleep["verdict"], "regression") << sleep.dump(2);
  EXPECT_NE(sleep["reason"].get<std::string>().find("it executes changed code"), std::string::npos)
      << sleep["reason"];
  const auto& files = sleep["evidence"]["changed_files_executed"];
  ASSERT_EQ(files.size(), 1u) << sleep.dump(2);
  EXPECT_EQ(files[0], "padding.cpp");
}

}  // namespace
}  // namespace perfwarden
