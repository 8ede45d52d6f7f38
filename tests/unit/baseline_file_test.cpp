#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "baseline/baseline_file.h"
#include "bench/environment.h"
#include "util/error.h"

namespace perfwarden::baseline {
namespace {

BaselineFile sample() {
  BaselineFile file;
  file.suite = "core";
  file.machine_class = "x86-64-v3.gcc-12";
  file.provenance = {"c0ffee", "7ree", "Ada <ada@example.com>", "2026-11-27T12:00:00Z", "0.1.0",
                     3,        {}};
  file.provenance.environment.arch = "x86_64";
  file.provenance.environment.isa_flags = {"avx2", "fma"};
  file.benchmarks["BM_B"]["real_time"] = {3.0, 1.0, 2.0};
  file.benchmarks["BM_A"]["instructions"] = {1234.0};
  return file;
}

TEST(BaselineFile, RoundTripsWithSortedKeys) {
  std::string text = serialize_baseline(sample());
  auto parsed = parse_baseline(text, "f");
  EXPECT_EQ(parsed.suite, "core");
  EXPECT_EQ(parsed.provenance.owner, "Ada <ada@example.com>");
  EXPECT_EQ(parsed.provenance.environment.isa_flags, (std::vector<std::string>{"avx2", "fma"}));
  EXPECT_EQ(parsed.benchmarks.at("BM_B").at("real_time"), (std::vector<double>{3.0, 1.0, 2.0}));
  EXPECT_EQ(serialize_baseline(parsed), text);  // stable: reviewable diffs
  EXPECT_LT(text.find("\"BM_A\""), text.find("\"BM_B\""));
  EXPECT_EQ(baseline_path("core", "x86-64-v3.gcc-12"), "baselines/core.x86-64-v3.gcc-12.json");
}

std::string error_of(const std::string& text) {
  try {
    parse_baseline(text, "baselines/core.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kUsage);
    EXPECT_FALSE(e.fix().empty());
    return e.what();
  }
  return "";
}

TEST(BaselineFile, BadInputNamesTheFileAndTheProblem) {
  std::string good = serialize_baseline(sample());
  EXPECT_NE(error_of(good.substr(0, 40))
                .find("baselines/core.json: field 'benchmarks.BM_A': not valid JSON"),
            std::string::npos)
      << error_of(good.substr(0, 40));
  auto bump = nlohmann::json::parse(good);
  bump["schema"] = 2;
  EXPECT_NE(error_of(bump.dump()).find("unknown baseline schema version 2"), std::string::npos);
  auto negative = nlohmann::json::parse(good);
  negative["benchmarks"]["BM_B"]["real_time"][0] = -1;
  EXPECT_NE(error_of(negative.dump())
                .find("field 'benchmarks.BM_B.real_time[0]': values must be positive numbers"),
            std::string::npos);
  auto no_owner = nlohmann::json::parse(good);
  no_owner["provenance"].erase("owner");
  EXPECT_NE(error_of(no_owner.dump()).find("field 'provenance.owner': missing"), std::string::npos);
  auto odd_metric = nlohmann::json::parse(good);
  odd_metric["benchmarks"]["BM_A"]["cycles"] = {1};
  EXPECT_NE(error_of(odd_metric.dump()).find("unknown metric 'cycles'"), std::string::npos);
}

// Found by fuzzing: numbers were narrowed or overflowed instead of refused.
TEST(BaselineFile, NumbersAreReadExactlyOrRefused) {
  std::string good = serialize_baseline(sample());
  auto wide = nlohmann::json::parse(good);
  wide["schema"] = 4294967297ULL;  // 2^32 + 1: was read as schema 1 by get<int>()
  EXPECT_NE(error_of(wide.dump()).find("field 'schema': expected a whole number"),
            std::string::npos)
      << error_of(wide.dump());
  wide = nlohmann::json::parse(good);
  wide["provenance"]["rounds"] = 4294967297ULL;
  EXPECT_NE(error_of(wide.dump()).find("field 'provenance.rounds'"), std::string::npos);
  std::string overflow = good;
  overflow.replace(overflow.find("\"rounds\": ") + 10, 1, "1e400");
  EXPECT_NE(error_of(overflow).find("field 'provenance.rounds': number 1e400 is out of range"),
            std::string::npos)
      << error_of(overflow);
}

TEST(BenchEnvironment, IsaLevelsAndCompilerClasses) {
  std::vector<std::string> v2 = {"cx16", "lahf_lm", "popcnt", "sse3", "sse4_1", "sse4_2", "ssse3"};
  EXPECT_EQ(bench::x86_64_level({}), "x86-64-v1");
  EXPECT_EQ(bench::x86_64_level(v2), "x86-64-v2");
  std::vector<std::string> as_cpuinfo_spells_it = {"cx16",   "lahf_lm", "popcnt", "pni",
                                                   "sse4_1", "sse4_2",  "ssse3"};
  EXPECT_EQ(bench::x86_64_level(as_cpuinfo_spells_it), "x86-64-v2");
  auto v3 = v2;
  v3.insert(v3.end(), {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave", "abm"});
  EXPECT_EQ(bench::x86_64_level(v3), "x86-64-v3");
  auto v4 = v3;
  v4.insert(v4.end(), {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"});
  EXPECT_EQ(bench::x86_64_level(v4), "x86-64-v4");
  EXPECT_EQ(bench::compiler_class_of("c++ | c++ (Debian 12.2.0-14+deb12u1) 12.2.0 | CC= | CFLAGS="),
            "gcc-12");
  EXPECT_EQ(bench::compiler_class_of("clang++ | Debian clang version 14.0.6 | CC="), "clang-14");
  EXPECT_EQ(bench::compiler_class_of("c++ | unknown | CC="), "unknown");
}

TEST(BenchEnvironment, DifferencesSeparateTimingFromInstructions) {
  bench::EnvironmentFingerprint a;
  a.isa_level = "x86-64-v3";
  a.compiler_class = "gcc-12";
  a.cpu_model = "AMD EPYC";
  auto b = a;
  b.cpu_model = "Intel Xeon";
  EXPECT_TRUE(a.differences(b, /*for_timing=*/false).empty());
  auto timing = a.differences(b, /*for_timing=*/true);
  ASSERT_EQ(timing.size(), 1u);
  EXPECT_NE(timing[0].find("cpu_model"), std::string::npos);
  EXPECT_EQ(a.machine_class(), "x86-64-v3.gcc-12");
}

}  // namespace
}  // namespace perfwarden::baseline
