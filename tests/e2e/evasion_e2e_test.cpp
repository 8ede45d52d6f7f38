// End-to-end: the ways a pull request could make the gate green without making the code fast,
// each on a real repository whose head makes the hot path 2x slower and then hides it: deleting
// the benchmark's registration, renaming it (in the open or out of the config's filter), or
// making its loop measure half the work. Each fails with its rule id, and passes once the right
// owner consents.

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"

namespace perfwarden {
namespace {

using testing::CliRun;

const git::Identity kAda{"Ada Lovelace", "ada@example.com"};      // maintainer
const git::Identity kGrace{"Grace Hopper", "grace@example.com"};  // owns the checksum
const git::Identity kAgent{"Dev", "dev@example.com"};             // writes with an assistant

// A checksum library (the hot path, src/) and its Google Benchmark binary (bench/).
struct ChecksumProject {
  int passes = 1;                 // 2: the head's slowdown
  std::string registration = "";  // appended to BENCHMARK(BM_Checksum), e.g. ->Name("...")
  bool registered = true;         // false: the registration is deleted
  int bytes_divisor = 1;          // 2: the loop checks half the buffer (measures less work)
  bool with_owners = true;        // the config lists owners and hot paths
  bool allow_gone = false;
  std::string filter = "";

  std::string config() const {
    std::string text = R"({
  "suites": [{"name": "core", "binary": "bench_core")" +
                       (filter.empty() ? "" : R"(, "filter": ")" + filter + "\"") + R"(}],
  "thresholds": {"default": 0.10},
  "measure": {"rounds": 6, "min_time": 0.01, "timeout_seconds": 60, "confirmation_rounds": 4})";
    if (allow_gone)
      text += R"(,
  "allow_gone_benchmarks": true)";
    if (with_owners) {
      text += R"(,
  "owners": [{"name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true},
             {"name": "Grace Hopper", "email": "grace@example.com"}],
  "hot_paths": [{"paths": ["src/**"], "benchmarks": "BM_Checksum.*", "owners": ["grace@example.com"]}])";
    }
    return text + "\n}\n";
  }

  std::map<std::string, std::string> files() const {
    return {{"CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.16)
project(checksum CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_core bench/bench.cpp src/checksum.cpp)
target_link_libraries(bench_core PRIVATE benchmark::benchmark)
)"},
            {"src/checksum.h", R"(#pragma once
#include <cstddef>
#include <cstdint>
std::uint64_t checksum(const std::uint8_t* data, std::size_t size);
)"},
            {"src/checksum.cpp", "#include \"checksum.h\"\nstatic constexpr int kPasses = " +
                                     std::to_string(passes) + R"(;
std::uint64_t checksum(const std::uint8_t* data, std::size_t size) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a: a dependent chain, time ~ bytes
  for (int pass = 0; pass < kPasses; ++pass) {
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 1099511628211ULL;
  }
  return hash;
}
)"},
            {"bench/bench.cpp", std::string(R"(#include <benchmark/benchmark.h>
#include <vector>
#include "../src/checksum.h"

static void BM_Checksum(benchmark::State& state) {
  std::vector<std::uint8_t> data(16384, 7);
  for (auto _ : state) {
    benchmark::DoNotOptimize(checksum(data.data(), data.size() / )") +
                                    std::to_string(bytes_divisor) + R"());
  }
}
)" + (registered ? "BENCHMARK(BM_Checksum)" + registration + ";\n" : std::string()) +
                                    R"(
static void BM_Steady(benchmark::State& state) {
  std::uint64_t x = 7;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) benchmark::DoNotOptimize(x = x * 2862933555777941757ULL + 3);
  }
}
BENCHMARK(BM_Steady);
BENCHMARK_MAIN();
)"},
            {"perfwarden.json", config()}};
  }
};

class EvasionE2E : public ::testing::Test {
 protected:
  // One build cache for the whole suite: every test's base is the same tree, built once.
  static void SetUpTestSuite() { cache_ = new util::TempDir("perfwarden-evasion-cache"); }
  static void TearDownTestSuite() {
    delete cache_;
    cache_ = nullptr;
  }

  EvasionE2E() : dir_("perfwarden-evasion"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}

  // Commits `base`, then `head` with `message` by `author`, and compares them.
  CliRun gate(const ChecksumProject& base, const ChecksumProject& head, const std::string& message,
              const git::Identity& author = kAgent) {
    writer_.commit(base.files(), "base\n", kAda);
    writer_.commit(head.files(), message, author);
    return testing::run_perfwarden(
        PERFWARDEN_BINARY,
        testing::compare_args(dir_.path() / "repo", "main~1", "main", json_path(), cache_->path()));
  }

  std::vector<std::string> rules() const {
    std::vector<std::string> ids;
    const auto report = testing::read_json(json_path());
    for (const auto& f : report["findings"]) ids.push_back(f["rule"]);
    return ids;
  }

  bool has_rule(const std::string& rule) const {
    auto ids = rules();
    return std::find(ids.begin(), ids.end(), rule) != ids.end();
  }

  std::filesystem::path json_path() const { return dir_.path() / "report.json"; }

  static inline util::TempDir* cache_ = nullptr;
  util::TempDir dir_;
  git::RepoWriter writer_;
};

ChecksumProject slower() {
  ChecksumProject head;
  head.passes = 2;
  return head;
}

constexpr const char* kGraceOwns = "Owner: Grace Hopper <grace@example.com>\n";

TEST_F(EvasionE2E, DeletingTheSlowBenchmarksRegistrationFails) {
  ChecksumProject head = slower();
  head.registered = false;
  CliRun run =
      gate({}, head, std::string("checksum: two passes; drop its benchmark\n\n") + kGraceOwns);
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(rules(), (std::vector<std::string>{"benchmark-gone"})) << run.out;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(report, "BM_Checksum")["verdict"], "gone");
  EXPECT_NE(run.out.find("core/BM_Checksum is in the base and not in the head"), std::string::npos)
      << run.out;
}

TEST_F(EvasionE2E, DeletingItPassesWithTheOwnersWaiver) {
  ChecksumProject head = slower();
  head.registered = false;
  CliRun run = gate({}, head,
                    std::string("checksum: two passes; drop its benchmark\n\n") + kGraceOwns +
                        "Perf-Waiver: BM_Checksum: covered by the integration benchmark now\n",
                    kGrace);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(rules().empty()) << run.out;
  auto gone = testing::find_benchmark(testing::read_json(json_path()), "BM_Checksum");
  ASSERT_FALSE(gone["waiver"].is_null()) << gone.dump(2);
  EXPECT_EQ(gone["waiver"]["owner"], "Grace Hopper <grace@example.com>");
  EXPECT_NE(run.out.find("removal accepted by Grace Hopper"), std::string::npos) << run.out;
}

TEST_F(EvasionE2E, RenamingTheBenchmarkFailsAndPassesWithTheOwnersWaiver) {
  ChecksumProject head = slower();
  head.registration = "->Name(\"BM_ChecksumV2\")";
  CliRun run = gate({}, head, std::string("checksum: two passes, renamed\n\n") + kGraceOwns);
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(rules(), (std::vector<std::string>{"benchmark-gone"})) << run.out;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(testing::find_benchmark(report, "BM_ChecksumV2")["verdict"], "new");

  writer_.commit({}, "accept\n\nPerf-Waiver: BM_Checksum: replaced by BM_ChecksumV2\n", kGrace);
  run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      testing::compare_args(dir_.path() / "repo", "main~2", "main", json_path(), cache_->path()));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(rules().empty()) << run.out;
}

TEST_F(EvasionE2E, RenamingItOutOfTheConfigsFilterFails) {
  ChecksumProject base;
  base.filter = "BM_Checksum|BM_Steady";
  ChecksumProject head = slower();
  head.filter = base.filter;
  head.registration = "->Name(\"BM_HiddenChecksum\")";
  CliRun run = gate(base, head, std::string("checksum: two passes\n\n") + kGraceOwns);
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(rules(), (std::vector<std::string>{"benchmark-gone"})) << run.out;
}

TEST_F(EvasionE2E, MeasuringLessWorkNeedsTheBenchmarksOwner) {
  // Twice as slow, checking half the bytes: the same time, so no regression to see.
  ChecksumProject head = slower();
  head.bytes_divisor = 2;
  CliRun run =
      gate({}, head, "checksum: two passes\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(has_rule("benchmark-source-changed")) << run.out;
  auto findings = testing::read_json(json_path())["findings"];
  for (const auto& f : findings) {
    if (f["rule"] != "benchmark-source-changed") continue;
    EXPECT_EQ(f["paths"], nlohmann::json::array({"bench/bench.cpp"}));
    EXPECT_NE(f["message"].get<std::string>().find("AI-generated commit"), std::string::npos);
    EXPECT_NE(f["fix"].get<std::string>().find("Grace Hopper"), std::string::npos) << f.dump();
  }
}

TEST_F(EvasionE2E, MeasuringLessWorkPassesWhenTheOwnerIsNamed) {
  ChecksumProject head = slower();
  head.bytes_divisor = 2;
  CliRun run = gate({}, head,
                    std::string("checksum: two passes over half the buffer\n\n") + kGraceOwns +
                        "Co-authored-by: Claude <noreply@anthropic.com>\n");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(rules().empty()) << run.out;
}

TEST_F(EvasionE2E, WithoutOwnersAGoneBenchmarkStillFailsUnlessTheConfigAllowsIt) {
  ChecksumProject base;
  base.with_owners = false;
  ChecksumProject head = slower();
  head.with_owners = false;
  head.registered = false;
  CliRun run = gate(base, head, "checksum: two passes; drop its benchmark\n");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(rules(), (std::vector<std::string>{"benchmark-gone"})) << run.out;

  // The allowance is read from the base: a head cannot grant it to itself.
  ChecksumProject allowing = head;
  allowing.allow_gone = true;
  writer_.commit(allowing.files(), "allow gone benchmarks\n", kAgent);
  run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      testing::compare_args(dir_.path() / "repo", "main~2", "main", json_path(), cache_->path()));
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(rules(), (std::vector<std::string>{"benchmark-gone"}));

  // A base that allows it lets the benchmark go.
  ChecksumProject allowing_base;
  allowing_base.with_owners = false;
  allowing_base.allow_gone = true;
  writer_.commit(allowing_base.files(), "base that allows gone benchmarks\n", kAda);
  writer_.commit(allowing.files(), "drop it again\n", kAgent);
  run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      testing::compare_args(dir_.path() / "repo", "main~1", "main", json_path(), cache_->path()));
  EXPECT_FALSE(has_rule("benchmark-gone")) << run.out;
  EXPECT_EQ(testing::find_benchmark(testing::read_json(json_path()), "BM_Checksum")["verdict"],
            "gone");
}

}  // namespace
}  // namespace perfwarden
