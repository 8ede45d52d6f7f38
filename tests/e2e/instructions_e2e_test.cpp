// End-to-end: instruction counts of real Google Benchmark binaries (the sample project, built
// here with CMake) under the installed valgrind.

#include <gtest/gtest.h>

#include <fstream>

#include "bench/loop_profiler.h"
#include "support/sample_project.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;

using bench::BenchmarkBinary;
using bench::LoopProfiles;
using testing::SampleProject;

class InstructionsE2E : public ::testing::Test {
 protected:
  InstructionsE2E() : dir_("perfwarden-instructions-e2e") {}

  // Writes the project under `name` and builds it; returns the benchmark binary.
  BenchmarkBinary build(const SampleProject& project, const std::string& name,
                        bench::Side side = bench::Side::kBase) {
    fs::path source = dir_.path() / name;
    fs::create_directories(source);
    for (const auto& [file, content] : project.files()) std::ofstream(source / file) << content;
    fs::path build_dir = source / "build";
    for (std::vector<std::string> argv :
         {std::vector<std::string>{"cmake", "-S", source.string(), "-B", build_dir.string(), "-G",
                                   "Ninja"},
          std::vector<std::string>{"cmake", "--build", build_dir.string(), "-j2"}}) {
      // Line tables, as the gate's builds get them: callgrind can then name source files.
      auto result = runner_.run({.argv = argv,
                                 .timeout = std::chrono::minutes(5),
                                 .stderr_to_stdout = true,
                                 .environment = {{"CXXFLAGS", "-g1"}}});
      EXPECT_TRUE(result.succeeded()) << result.stdout_text;
    }
    return {.side = side, .suite = "core", .path = build_dir / "bench_core"};
  }

  LoopProfiles count(const BenchmarkBinary& binary, bool cache_simulation = false) {
    return bench::profile_loops(
        runner_, binary,
        {.timeout = std::chrono::seconds(300), .cache_simulation = cache_simulation});
  }

  static const bench::LoopProfile& profile(const LoopProfiles& profiles, const std::string& name) {
    for (const auto& p : profiles.benchmarks) {
      if (p.name == name) return p;
    }
    ADD_FAILURE() << "no profile for " << name;
    static const bench::LoopProfile none;
    return none;
  }
  static double of(const LoopProfiles& profiles, const std::string& name) {
    return profile(profiles, name).instructions;
  }
  static std::vector<std::pair<std::string, double>> counts(const LoopProfiles& profiles) {
    std::vector<std::pair<std::string, double>> result;
    for (const auto& p : profiles.benchmarks) result.emplace_back(p.name, p.instructions);
    return result;
  }

  util::TempDir dir_;
  util::PosixProcessRunner runner_;
};

TEST_F(InstructionsE2E, IdenticalCodeGivesIdenticalCountsAndExactlyZeroChange) {
  SampleProject project;
  // Base and head built from the same code in directories of different path lengths.
  BenchmarkBinary base = build(project, "base");
  BenchmarkBinary head = build(project, "head-with-a-longer-checkout-path", bench::Side::kHead);

  LoopProfiles first = count(base);
  LoopProfiles second = count(base);
  LoopProfiles other = count(head);
  ASSERT_EQ(first.benchmarks.size(), 2u);
  EXPECT_EQ(first.benchmarks[0].name, "BM_Work");
  EXPECT_EQ(first.benchmarks[1].name, "BM_Steady");
  EXPECT_TRUE(first.benchmarks[0].marginal);
  EXPECT_EQ(first.valgrind_processes, 1);
  EXPECT_EQ(counts(first), counts(second));
  EXPECT_EQ(counts(first), counts(other));
  for (const auto& [name, base_count] : counts(first)) {
    double change = (of(other, name) - base_count) / base_count;
    EXPECT_EQ(change, 0.0) << name;
  }
  // A sanity bound: 2000 dependent multiply-adds of an unoptimised loop, a few instructions each.
  EXPECT_GT(of(first, "BM_Work"), 2000.0 * 3);
  EXPECT_LT(of(first, "BM_Work"), 2000.0 * 30);
  std::cerr << "[ counts ] BM_Work " << of(first, "BM_Work") << ", BM_Steady "
            << of(first, "BM_Steady") << "; one valgrind process took " << first.valgrind_seconds
            << " s\n";
}

TEST_F(InstructionsE2E, DoubleWorkDoublesOnlyThatBenchmark) {
  SampleProject base_project;
  SampleProject head_project = base_project;
  head_project.work = base_project.work * 2;
  LoopProfiles base = count(build(base_project, "base"));
  LoopProfiles head = count(build(head_project, "head", bench::Side::kHead));
  EXPECT_NEAR(of(head, "BM_Work") / of(base, "BM_Work"), 2.0, 0.01);
  EXPECT_EQ(of(head, "BM_Steady"), of(base, "BM_Steady"));
}

TEST_F(InstructionsE2E, FilterSelectsBenchmarks) {
  BenchmarkBinary binary = build(SampleProject{}, "base");
  LoopProfiles all = count(binary);
  binary.filter = "Steady";
  LoopProfiles steady = count(binary);
  ASSERT_EQ(steady.benchmarks.size(), 1u);
  // Counts do not depend on which benchmarks ran before (eager binding, warm-up, marginal cost).
  EXPECT_EQ(counts(steady)[0], counts(all)[1]);
}

TEST_F(InstructionsE2E, AMinTimeInCodeGivesTheSameSteadyCost) {
  SampleProject plain;
  SampleProject escalating = plain;
  escalating.min_time_in_code = true;
  LoopProfiles expected = count(build(plain, "plain"));
  LoopProfiles profiles = count(build(escalating, "escalating"));
  EXPECT_EQ(profiles.valgrind_processes, 1);  // the report dumps separate the benchmarks
  ASSERT_EQ(profiles.benchmarks.size(), 2u);
  EXPECT_EQ(of(profiles, "BM_Work/min_time:0.010"), of(expected, "BM_Work"));
  EXPECT_EQ(of(profiles, "BM_Steady"), of(expected, "BM_Steady"));
}

// The lazy-setup case: BM_Work builds a 20,000-entry table in its first iteration, once
// per process, and another once per call of the benchmark function. Counting the first iteration
// (the old method) would add some 100,000 instructions to a loop of about 10,000; the steady
// state is the plain loop plus the two checks for "built yet?".
TEST_F(InstructionsE2E, LazyWorkInTheFirstIterationIsNotTheSteadyState) {
  SampleProject plain;
  SampleProject lazy = plain;
  lazy.lazy_first_iteration = true;
  LoopProfiles expected = count(build(plain, "plain"));
  LoopProfiles profiles = count(build(lazy, "lazy"), /*cache_simulation=*/true);
  const auto& work = profile(profiles, "BM_Work");
  EXPECT_TRUE(work.marginal);
  EXPECT_GE(work.instructions / of(expected, "BM_Work"), 1.0);
  EXPECT_LT(work.instructions / of(expected, "BM_Work"), 1.01)
      << work.instructions << " vs " << of(expected, "BM_Work");
  EXPECT_GT(work.warmup_extra, 20000.0);  // the once-per-process table, seen and excluded
  EXPECT_GE(work.estimated_cycles, work.instructions);  // + 10 x L1, 100 x LL misses (~0 here)
  std::cerr << "[ counts ] lazy BM_Work " << work.instructions << " (plain "
            << of(expected, "BM_Work") << "), est. cycles " << work.estimated_cycles
            << ", warm-up extra " << work.warmup_extra << "\n";
}

TEST_F(InstructionsE2E, TheLoopsExecutedFilesAndFunctionsAreKnown) {
  SampleProject project;
  project.work_in_other_file = true;
  const auto profiles = count(build(project, "split"));
  const auto& work = profile(profiles, "BM_Work");
  bool saw_work_cpp = false;
  for (const auto& file : work.files)
    saw_work_cpp = saw_work_cpp || file.find("work.cpp") != std::string::npos;
  EXPECT_TRUE(saw_work_cpp) << "files: " << ::testing::PrintToString(work.files);
  bool steady_runs_work = false;
  for (const auto& file : profile(profiles, "BM_Steady").files)
    steady_runs_work = steady_runs_work || file.find("work.cpp") != std::string::npos;
  EXPECT_FALSE(steady_runs_work);
  bool has_step = false;
  for (const auto& [function, ir] : work.function_instructions)
    has_step = has_step || (function.find("work_step") != std::string::npos && ir > 0);
  EXPECT_TRUE(has_step) << ::testing::PrintToString(work.function_instructions);
}

TEST_F(InstructionsE2E, CrashingBenchmarkIsAHeadFailure) {
  SampleProject project;
  project.crash = true;
  BenchmarkBinary binary = build(project, "head", bench::Side::kHead);
  try {
    count(binary);
    FAIL() << "no failure";
  } catch (const bench::BenchmarkFailure& failure) {
    EXPECT_EQ(failure.kind(), bench::FailureKind::kCrashed);
    EXPECT_TRUE(failure.head_at_fault());
    EXPECT_NE(std::string(failure.what()).find("signal 6"), std::string::npos) << failure.what();
  }
}

TEST_F(InstructionsE2E, MissingBinaryIsNotBuilt) {
  BenchmarkBinary binary{
      .side = bench::Side::kHead, .suite = "core", .path = dir_.path() / "nothing"};
  try {
    count(binary);
    FAIL() << "no failure";
  } catch (const bench::BenchmarkFailure& failure) {
    EXPECT_EQ(failure.kind(), bench::FailureKind::kNotBuilt);
  }
}

}  // namespace
}  // namespace perfwarden
