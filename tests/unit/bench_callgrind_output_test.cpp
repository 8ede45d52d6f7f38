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
  EXPECT_EQ(dump.total.ir, 12278u);  // the summary, not the totals: see callgrind_output.cpp
  EXPECT_EQ(dump.inclusive_by_callee.at("benchmark::State::StartKeepRunning()").ir, 238u);
  EXPECT_EQ(dump.inclusive_by_callee.at("pthread_mutex_lock@@GLIBC_2.2.5").ir, 32u);
  EXPECT_EQ(dump.inclusive_by_callee.size(), 2u);  // self cost lines are not calls
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
  EXPECT_EQ(dump.total.ir, 500u);
  EXPECT_EQ(dump.inclusive_by_callee.at("work()").ir, 150u);
  EXPECT_EQ(dump.inclusive_by_callee.at("leaf()").ir, 0u);  // an absent cost is zero
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
  EXPECT_EQ(dump.inclusive_by_callee.at("(below main)").ir, 3u);
  EXPECT_EQ(dump.inclusive_by_callee.at("main").ir, 40u);
}

// What "which code a benchmark executes" and "where it went" are built from: self cost by
// function and by source file, inlined code counted for the header it comes from.
TEST(BenchCallgrindOutput, SelfCostsByFunctionAndFileWithInlinedCode) {
  constexpr std::string_view text = R"(# callgrind format
positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
summary: 1000 0 0 2 30 4 1 5 0
ob=(1) /build/bench_core
fl=(1) /perfwarden/src/re2.cc
fn=(1) DoMatch(int)
812 300
fi=(2) /perfwarden/src/util.h
40 100
fe=(1)
815 50
cfn=(2) operator new(unsigned long)
calls=3 0
816 400
fl=(3) ???
fn=(2)
0 150
ob=(2) /usr/lib/libc.so.6
fl=(3)
fn=(3) free
0 0
)";
  CallgrindDump dump;
  std::string problem;
  ASSERT_TRUE(parse_callgrind_dump(text, dump, problem)) << problem;
  EXPECT_TRUE(dump.has_cache_events);
  EXPECT_EQ(dump.total.ir, 1000u);
  EXPECT_EQ(dump.total.d1mr, 30u);
  // 1000 + 10 x (2 + 30 + 4) + 100 x (1 + 5 + 0)
  EXPECT_EQ(dump.total.estimated_cycles(), 1000u + 360u + 600u);
  EXPECT_EQ(dump.functions.at("DoMatch(int)").self_ir, 450u);
  EXPECT_EQ(dump.functions.at("DoMatch(int)").file, "/perfwarden/src/re2.cc");
  EXPECT_EQ(dump.functions.at("DoMatch(int)").line, 812);
  EXPECT_EQ(dump.functions.at("operator new(unsigned long)").self_ir, 150u);
  EXPECT_EQ(dump.ir_by_file.at("/perfwarden/src/re2.cc"), 350u);
  EXPECT_EQ(dump.ir_by_file.at("/perfwarden/src/util.h"), 100u);         // inlined into DoMatch
  EXPECT_EQ(dump.ir_by_file.at(unknown_in("/build/bench_core")), 150u);  // no debug info there
  EXPECT_EQ(dump.ir_by_file.count(unknown_in("/usr/lib/libc.so.6")), 1u);
  EXPECT_EQ(dump.inclusive_by_callee.at("operator new(unsigned long)").ir, 400u);
}

TEST(BenchCallgrindOutput, HostileNumbersSaturateOrAreRefused) {
  CallgrindDump dump;
  std::string problem;
  ASSERT_TRUE(parse_callgrind_dump(
      "# callgrind format\nevents: Ir\nsummary: 18446744073709551615\nfn=f\n"
      "+99999999999999999 18446744073709551615\n-99999999999999999 18446744073709551615\n",
      dump, problem))
      << problem;
  EXPECT_EQ(dump.functions.at("f").self_ir, 18446744073709551615u);  // saturated, not wrapped
  EXPECT_FALSE(parse_callgrind_dump(
      "# callgrind format\nevents: Ir\nsummary: 1\nfn=f\n1 99999999999999999999\n", dump, problem));
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
