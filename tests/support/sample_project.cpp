#include "support/sample_project.h"

namespace perfwarden::testing {

std::string SampleProject::default_config() {
  return R"({
  // End-to-end test policy: quick rounds, default 5% threshold.
  "suites": [ { "name": "core", "binary": "bench_core" } ],
  "thresholds": { "default": 0.05 },
  "measure": { "rounds": 10, "min_time": 0.01, "timeout_seconds": 60 }
}
)";
}

std::map<std::string, std::string> SampleProject::files() const {
  std::string cmake = R"(cmake_minimum_required(VERSION 3.16)
project(sample CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_core bench.cpp)
target_link_libraries(bench_core PRIVATE benchmark::benchmark)
)";
  std::string bench;
  if (!fake_json.empty()) {
    std::string literal;  // fake_json as the body of a C++ string literal
    for (char c : fake_json) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    bench = R"(#include <cstdio>
#include <cstring>
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_out=", 16) == 0) {
      std::FILE* out = std::fopen(argv[i] + 16, "w");
      std::fputs(")" +
            literal + R"(", out);)" +
            (flood_json ? R"(
      static char block[1 << 20];
      for (;;) std::fwrite(block, 1, sizeof block, out);)"
                        : "") +
            R"(
      std::fclose(out);
    }
  }
  return 0;
}
)";
    cmake = R"(cmake_minimum_required(VERSION 3.16)
project(sample CXX)
add_executable(bench_core bench.cpp)
)";
  } else {
    bench = comment +
            "\n#include <benchmark/benchmark.h>\n#include <cstdint>\n#include <cstdlib>\n#include "
            "<vector>\n" +
            (work_in_other_file ? "#include \"work.h\"\n" : "") + "\n";
    bench += "static constexpr int kWork = " + std::to_string(work) + ";\n";
    bench += R"(
static void BM_Work(benchmark::State& state) {
  std::uint64_t x = 1;
)";
    if (lazy_first_iteration) {
      bench += R"(  static std::vector<std::uint64_t>* per_process = nullptr;
  std::vector<std::uint64_t>* per_call = nullptr;
)";
    }
    bench += R"(  for (auto _ : state) {
)";
    if (lazy_first_iteration) {
      bench +=
          R"(    if (per_process == nullptr) per_process = new std::vector<std::uint64_t>(20000, 3);
    if (per_call == nullptr) per_call = new std::vector<std::uint64_t>(20000, 5);
)";
    }
    bench += work_in_other_file ? R"(    for (int i = 0; i < kWork; ++i) {
      x = work_step(x);
      benchmark::DoNotOptimize(x);
    }
)"
                                : R"(    for (int i = 0; i < kWork; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // dependent chain: no overlap
      benchmark::DoNotOptimize(x);
    }
)";
    if (crash) bench += "    std::abort();\n";
    if (hang) bench += "    for (volatile int forever = 1; forever;) {}\n";
    bench += R"(  }
}
)";
    bench += min_time_in_code ? "BENCHMARK(BM_Work)->MinTime(0.01);\n" : "BENCHMARK(BM_Work);\n";
    bench += R"(
static void BM_Steady(benchmark::State& state) {
  std::uint64_t x = 7;
  for (auto _ : state) {
)";
    if (paused_work > 0) {
      bench += "    state.PauseTiming();\n    for (int i = 0; i < " + std::to_string(paused_work) +
               R"(; ++i) {
      x = x * 2862933555777941757ULL + 3037000493ULL;
      benchmark::DoNotOptimize(x);
    }
    state.ResumeTiming();
)";
    }
    bench += R"(    for (int i = 0; i < )" + std::to_string(steady_work) + R"(; ++i) {
      x = x * 2862933555777941757ULL + 3037000493ULL;
      benchmark::DoNotOptimize(x);
    }
  }
}
)";
    bench += threaded_steady ? "BENCHMARK(BM_Steady)->Threads(1)->Threads(2);\n"
                             : "BENCHMARK(BM_Steady);\n";
    bench += R"(
BENCHMARK_MAIN();
)";
    if (compile_error) bench += "\nthis does not compile;\n";
  }
  std::map<std::string, std::string> files = {
      {"CMakeLists.txt", cmake}, {"bench.cpp", bench}, {"perfwarden.json", config}};
  if (work_in_other_file && fake_json.empty()) {
    const std::string from = "add_executable(bench_core bench.cpp)";
    files["CMakeLists.txt"].replace(files["CMakeLists.txt"].find(from), from.size(),
                                    "add_executable(bench_core bench.cpp work.cpp)");
    files["work.h"] =
        "#pragma once\n#include <cstdint>\nstd::uint64_t work_step(std::uint64_t x);\n";
    files["work.cpp"] = R"(#include "work.h"
std::uint64_t work_step(std::uint64_t x) { return x * 6364136223846793005ULL + 1442695040888963407ULL; }
)";
  }
  return files;
}

}  // namespace perfwarden::testing
