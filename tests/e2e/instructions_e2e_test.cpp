// End-to-end: instruction counts of real Google Benchmark binaries (the sample project, built
// here with CMake) under the installed valgrind.

#include <gtest/gtest.h>

#include <fstream>

#include "bench/instruction_counter.h"
#include "support/sample_project.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;

using bench::BenchmarkBinary;
using bench::InstructionCounts;
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
      auto result =
          runner_.run({.argv = argv, .timeout = std::chrono::minutes(5), .stderr_to_stdout = true});
      EXPECT_TRUE(result.succeeded()) << result.stdout_text;
    }
    return {.side = side, .suite = "core", .path = build_dir / "bench_core"};
  }

  InstructionCounts count(const BenchmarkBinary& binary) {
    return bench::count_instructions(runner_, binary, {.timeout = std::chrono::seconds(300)});
  }

  static double of(const InstructionCounts& counts, const std::string& name) {
    for (const auto& [benchmark, instructions] : counts.per_iteration) {
      if (benchmark == name) return instructions;
    }
    ADD_FAILURE() << "no count for " << name;
    return 0.0;
  }

  util::TempDir dir_;
  util::PosixProcessRunner runner_;
};

TEST_F(InstructionsE2E, IdenticalCodeGivesIdenticalCountsAndExactlyZeroChange) {
  SampleProject project;
  // Base and head built from the same code in directories of different path lengths.
  BenchmarkBinary base = build(project, "base");
  BenchmarkBinary head = build(project, "head-with-a-longer-checkout-path", bench::Side::kHead);

  InstructionCounts first = count(base);
  InstructionCounts second = count(base);
  InstructionCounts other = count(head);
  ASSERT_EQ(first.per_iteration.size(), 2u);
  EXPECT_EQ(first.per_iteration[0].first, "BM_Work");
  EXPECT_EQ(first.per_iteration[1].first, "BM_Steady");
  EXPECT_EQ(first.valgrind_processes, 1);
  EXPECT_EQ(first.per_iteration, second.per_iteration);
  EXPECT_EQ(first.per_iteration, other.per_iteration);
  for (const auto& [name, base_count] : first.per_iteration) {
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
  InstructionCounts base = count(build(base_project, "base"));
  InstructionCounts head = count(build(head_project, "head", bench::Side::kHead));
  EXPECT_NEAR(of(head, "BM_Work") / of(base, "BM_Work"), 2.0, 0.01);
  EXPECT_EQ(of(head, "BM_Steady"), of(base, "BM_Steady"));
}

TEST_F(InstructionsE2E, FilterSelectsBenchmarks) {
  BenchmarkBinary binary = build(SampleProject{}, "base");
  InstructionCounts all = count(binary);
  binary.filter = "Steady";
  InstructionCounts steady = count(binary);
  ASSERT_EQ(steady.per_iteration.size(), 1u);
  // Counts do not depend on which benchmarks ran before (eager binding, harness subtracted).
  EXPECT_EQ(steady.per_iteration[0], all.per_iteration[1]);
}

TEST_F(InstructionsE2E, EscalatingLoopsAreCountedOneBenchmarkPerProcess) {
  SampleProject plain;
  SampleProject escalating = plain;
  escalating.min_time_in_code = true;
  InstructionCounts expected = count(build(plain, "plain"));
  InstructionCounts counts = count(build(escalating, "escalating"));
  EXPECT_EQ(counts.valgrind_processes, 3);
  ASSERT_EQ(counts.per_iteration.size(), 2u);
  // Many iterations spread the loop's one-off instructions, so only nearly equal.
  EXPECT_NEAR(of(counts, "BM_Work/min_time:0.010") / of(expected, "BM_Work"), 1.0, 0.005);
  EXPECT_EQ(of(counts, "BM_Steady"), of(expected, "BM_Steady"));
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
