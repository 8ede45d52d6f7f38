#include <gtest/gtest.h>

#include <algorithm>

#include "bench/benchmark_registrations.h"

namespace perfwarden::bench {
namespace {

TEST(BenchBenchmarkRegistrations, FindsEveryFormOfRegistration) {
  const char* source = R"cpp(#include <benchmark/benchmark.h>
                             // BENCHMARK(BM_Commented) is a comment; "BENCHMARK(BM_InAString)" a
                             // string.
                             /* BENCHMARK(BM_InABlockComment) */
                             static void BM_Work(benchmark::State& state) {
                               for (auto _ : state) {
                               }
                             }
                             BENCHMARK(BM_Work)->Arg(8)->Name("BM_Renamed");
                             BENCHMARK_TEMPLATE(BM_Tmpl, int);
                             BENCHMARK_CAPTURE(BM_Find, small, std::string("a,b"));
                             BENCHMARK_F(Fix, Lookup)(benchmark::State& st) {
                               for (auto _ : st) {
                               }
                             }
                             BENCHMARK_DEFINE_F(Fix, Scan)(benchmark::State& st) {}
                             BENCHMARK_REGISTER_F(Fix, Scan)->Threads(2);
                             auto* registered = ::benchmark::RegisterBenchmark("BM_Dynamic/64", [](benchmark::State& s) {});
                             const char* raw = R"x(BENCHMARK(BM_InARawString))x";
                             BENCHMARK_MAIN();
  )cpp";
  auto found = scan_benchmark_registrations(source);
  EXPECT_TRUE(found.defines_benchmarks);
  EXPECT_EQ(found.names,
            (std::vector<std::string>{"BM_Work", "BM_Renamed", "BM_Tmpl", "BM_Find/small",
                                      "Fix/Lookup", "Fix/Scan", "BM_Dynamic/64"}));
}

TEST(BenchBenchmarkRegistrations, AHelperTakingTheStateDefinesBenchmarksToo) {
  auto found = scan_benchmark_registrations(
      "#include <benchmark/benchmark.h>\nvoid run_loop(benchmark::State& s, int n);\n");
  EXPECT_TRUE(found.defines_benchmarks);
  EXPECT_TRUE(found.names.empty());
  EXPECT_FALSE(scan_benchmark_registrations("int main() { return 0; }\n").defines_benchmarks);
  EXPECT_FALSE(
      scan_benchmark_registrations("// benchmark::State in a comment\n").defines_benchmarks);
}

TEST(BenchBenchmarkRegistrations, ANameCallWithoutAnyBenchmarkIsNoRegistration) {
  // Found by the fuzz target: `->Name("...")` alone is some other builder API.
  auto found = scan_benchmark_registrations("auto* b = make(); b->Name(\"BM_Fake\");\n");
  EXPECT_FALSE(found.defines_benchmarks);
  EXPECT_TRUE(found.names.empty());
  auto real = scan_benchmark_registrations("BENCHMARK(BM_A)->Name(\"BM_Renamed\");\n");
  EXPECT_TRUE(real.defines_benchmarks);
  EXPECT_NE(std::find(real.names.begin(), real.names.end(), "BM_Renamed"), real.names.end());
}

TEST(BenchBenchmarkRegistrations, UnbalancedAndHostileTextStaysLinear) {
  // 100k unclosed registrations: one pass, not one scan to the end per macro.
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "BENCHMARK(BM_x" + std::to_string(i) + " ";
  auto found = scan_benchmark_registrations(text);
  EXPECT_TRUE(found.defines_benchmarks);
  EXPECT_LE(found.names.size(), 1u);
  EXPECT_FALSE(scan_benchmark_registrations("BENCHMARK(\"unterminated\n").names.size() > 1);
  EXPECT_TRUE(
      scan_benchmark_registrations(std::string("BENCHMARK(BM_\0x)", 16)).defines_benchmarks);
}

TEST(BenchBenchmarkRegistrations, SourcePathsAndFamilies) {
  EXPECT_TRUE(is_cxx_source_path("bench/bench_core.cpp"));
  EXPECT_TRUE(is_cxx_source_path("include/a.HPP"));
  EXPECT_FALSE(is_cxx_source_path("docs/guide.md"));
  EXPECT_FALSE(is_cxx_source_path("a.cpp/README"));
  EXPECT_FALSE(is_cxx_source_path("Makefile"));
  EXPECT_TRUE(in_family("BM_Work", "BM_Work"));
  EXPECT_TRUE(in_family("BM_Work/4096", "BM_Work"));
  EXPECT_TRUE(in_family("BM_Tmpl<int>", "BM_Tmpl"));
  EXPECT_FALSE(in_family("BM_WorkHard", "BM_Work"));
}

}  // namespace
}  // namespace perfwarden::bench
