#include <gtest/gtest.h>

#include "bench/callgrind_output.h"

namespace perfwarden::bench {
namespace {

// Trimmed from a real dump of valgrind 3.19 (--compress-strings=no --compress-pos=no,
// --dump-before=benchmark::State::FinishKeepRunning*).
constexpr std::string_view kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 21713
cmd:  ./build/bench_core --benchmark_min_time=0
part: 2


desc: I1 cache: 
desc: D1 cache: 
desc: LL cache: 

desc: Timerange: Basic block 511376 - 529850
desc: Trigger: --dump-before=benchmark::State::FinishKeepRunning()

positions: line
events: Ir
summary: 12278


ob=/usr/lib/x86_64-linux-gnu/libbenchmark.so.1.7.1
fl=???
fn=benchmark::State::StartKeepRunning()
0 26
cob=/usr/lib/x86_64-linux-gnu/libc.so.6
cfi=./nptl/./nptl/pthread_mutex_lock.c
cfn=pthread_mutex_lock@@GLIBC_2.2.5
calls=1 80 
0 32
0 1

ob=/tmp/instr_exp/build/bench_core
fl=???
fn=BM_Steady(benchmark::State&)
cob=/usr/lib/x86_64-linux-gnu/libbenchmark.so.1.7.1
cfi=???
cfn=benchmark::State::StartKeepRunning()
calls=0 0 
0 238
0 1
0 12039
totals: 12282
)";

TEST(BenchCallgrindOutput, ReadsTotalPartTriggerAndInclusiveCallCosts) {
  CallgrindDump dump;
  std::string problem;
  ASSERT_TRUE(parse_callgrind_dump(kDump, dump, problem)) << problem;
  EXPECT_EQ(dump.part, 2);
  EXPECT_EQ(dump.trigger, "--dump-before=benchmark::State::FinishKeepRunning()");
  EXPECT_EQ(dump.total_ir, 12278u);  // the summary, not the totals: see callgrind_output.cpp
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("benchmark::State::StartKeepRunning()"), 238u);
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("pthread_mutex_lock@@GLIBC_2.2.5"), 32u);
  EXPECT_EQ(dump.inclusive_ir_by_callee.size(), 2u);  // self cost lines are not calls
}

TEST(BenchCallgrindOutput, SumsCallSitesResolvesCompressedNamesAndPicksTheIrColumn) {
  constexpr std::string_view text = R"(# callgrind format
positions: instr line
events: Dr Ir
totals: 7 500
fn=(1) main
cfn=(2) work()
calls=2 0x10 3
0x20 +1 4 100
cfn=(2)
calls=1 0x10 3
* * 1 50
fn=(2)
0x10 3 1 150
cfn=(3) leaf()
calls=1 0x30 4
-1 -2 9
)";
  CallgrindDump dump;
  std::string problem;
  ASSERT_TRUE(parse_callgrind_dump(text, dump, problem)) << problem;
  EXPECT_EQ(dump.total_ir, 500u);
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("work()"), 150u);
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("leaf()"), 0u);  // an absent cost is zero
  EXPECT_EQ(dump.part, 0);
}

TEST(BenchCallgrindOutput, UncompressedNamesMayStartWithAParenthesis) {
  constexpr std::string_view text = R"(# callgrind format
events: Ir
summary: 40
fn=(below main)
cfn=main
calls=0 0
0 40
fn=main
cfn=(below main)
calls=1 0
0 3
)";
  CallgrindDump dump;
  std::string problem;
  ASSERT_TRUE(parse_callgrind_dump(text, dump, problem)) << problem;
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("(below main)"), 3u);
  EXPECT_EQ(dump.inclusive_ir_by_callee.at("main"), 40u);
}

TEST(BenchCallgrindOutput, RejectsWhatIsNotACallgrindDumpWithIr) {
  CallgrindDump dump;
  std::string problem;
  EXPECT_FALSE(parse_callgrind_dump("", dump, problem));
  EXPECT_FALSE(parse_callgrind_dump("{\"benchmarks\": []}", dump, problem));
  EXPECT_NE(problem.find("not a callgrind profile"), std::string::npos);

  EXPECT_FALSE(parse_callgrind_dump("# callgrind format\nevents: Dr\nsummary: 3\n", dump, problem));
  EXPECT_NE(problem.find("no Ir event"), std::string::npos);

  EXPECT_FALSE(parse_callgrind_dump("# callgrind format\nevents: Ir\n", dump, problem));
  EXPECT_NE(problem.find("summary"), std::string::npos);

  EXPECT_FALSE(
      parse_callgrind_dump("# callgrind format\nevents: Ir\nsummary: 9\ncfn=(4)\n", dump, problem));
  EXPECT_NE(problem.find("line 4"), std::string::npos) << problem;

  EXPECT_FALSE(parse_callgrind_dump(
      "# callgrind format\nevents: Ir\nsummary: 9\ncfn=f\ncalls=1 0\nfn=g\n", dump, problem));
  EXPECT_NE(problem.find("not a cost line"), std::string::npos) << problem;
}

}  // namespace
}  // namespace perfwarden::bench
