#include "synthetic_project.h"

#include <cmath>

namespace perfwarden::accuracy {
namespace {

// Work per iteration at 0% slowdown. A chain step is about 4 cycles; a load 4 to 14 cycles
// depending on the drawn buffer size (L1 to L2 on the development machine).
constexpr int kChainSteps = 2000;
constexpr int kNoise3Loads = 40;
constexpr int kNoise5Loads = 110;
// About 10% of BM_Walk's time when its loads miss L1: measured +23% with 83 loads on the 2-vCPU
// AMD EPYC (Zen 3) we tune on, so a miss costs ~23 extra cycles against 2000 x ~4 + L x ~4;
// solving 23 L = 0.1 (8000 + 4 L) gives 35.
constexpr int kWalkLoads = 35;
// The buffer each noisy process draws, log-uniform between these sizes.
constexpr int kMinBufferBytes = 16 * 1024;
constexpr int kMaxBufferBytes = 256 * 1024;

std::string scaled(int work, double slowdown) {
  return std::to_string(static_cast<long>(std::lround(work * (1.0 + slowdown))));
}

}  // namespace

std::string synthetic_config(const std::string& time_field) {
  return R"({
  // perfwarden accuracy benchmark. Default looks (10/15/20), confirmation rounds (10) and
  // threshold (3%); only min_time is short, to keep one benchmark process well under a second.
  "suites": [ { "name": "synthetic", "binary": "bench_synthetic")" +
         (time_field == "cpu_time" ? std::string() : ", \"time\": \"" + time_field + "\"") +
         R"( } ],
  "measure": { "min_time": 0.02, "timeout_seconds": 120 }
}
)";
}

std::map<std::string, std::string> SyntheticProject::files() const {
  std::string cmake = R"(cmake_minimum_required(VERSION 3.16)
project(synthetic CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_synthetic unused.cpp bench.cpp)
target_link_libraries(bench_synthetic PRIVATE benchmark::benchmark)
)";
  std::string bench = "// " + note + "\n";
  bench += R"(#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace {

)";
  bench += "constexpr int kChainSteps = " + scaled(kChainSteps, slowdown) + ";\n";
  bench += "constexpr int kNoise3Loads = " + scaled(kNoise3Loads, slowdown) + ";\n";
  bench += "constexpr int kNoise5Loads = " + scaled(kNoise5Loads, slowdown) + ";\n";
  bench += "constexpr int kWalkLoads = " + scaled(kWalkLoads, slowdown) + ";\n";
  bench += "constexpr double kWalkBufferBytes = " + std::to_string(walk_buffer_bytes) + ";\n";
  bench += "constexpr double kMinBufferBytes = " + std::to_string(kMinBufferBytes) + ";\n";
  bench += "constexpr double kMaxBufferBytes = " + std::to_string(kMaxBufferBytes) + ";\n";
  bench += R"(
std::uint64_t chain(std::uint64_t x, int steps) {
  for (int i = 0; i < steps; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // dependent: no overlap
    benchmark::DoNotOptimize(x);
  }
  return x;
}

// One random cycle (Sattolo) over a buffer whose size this process draws once: every load
// depends on the previous one, so its latency is the latency of the cache level it hits.
struct Cycle {
  std::vector<std::uint32_t> next;
  Cycle(std::uint64_t salt, double min_bytes, double max_bytes) {
    std::random_device device;
    auto now = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::mt19937_64 gen((std::uint64_t{device()} << 32) ^ now ^ salt);
    std::uniform_real_distribution<double> log_bytes(std::log(min_bytes), std::log(max_bytes));
    auto n = static_cast<std::size_t>(std::exp(log_bytes(gen)) / sizeof(std::uint32_t));
    next.resize(n);
    std::iota(next.begin(), next.end(), 0u);
    for (std::size_t i = n - 1; i > 0; --i) {
      std::uniform_int_distribution<std::size_t> pick(0, i - 1);
      std::swap(next[i], next[pick(gen)]);
    }
  }
};

std::uint32_t follow(const std::vector<std::uint32_t>& next, std::uint32_t p, int loads) {
  for (int i = 0; i < loads; ++i) p = next[p];
  return p;
}

void chain_and_loads(benchmark::State& state, const Cycle& cycle, int loads) {
  std::uint64_t x = 3;
  std::uint32_t p = 0;
  for (auto _ : state) {
    x = chain(x + p, kChainSteps);
    p = follow(cycle.next, p, loads);
    benchmark::DoNotOptimize(p);
  }
}

}  // namespace

static void BM_Quiet(benchmark::State& state) {
  std::uint64_t x = 1;
  for (auto _ : state) x = chain(x, kChainSteps);
  benchmark::DoNotOptimize(x);
}
BENCHMARK(BM_Quiet);

static void BM_Noise3(benchmark::State& state) {
  static const Cycle cycle(3, kMinBufferBytes, kMaxBufferBytes);  // drawn once per process
  chain_and_loads(state, cycle, kNoise3Loads);
}
BENCHMARK(BM_Noise3);

static void BM_Noise5(benchmark::State& state) {
  static const Cycle cycle(5, kMinBufferBytes, kMaxBufferBytes);
  chain_and_loads(state, cycle, kNoise5Loads);
}
BENCHMARK(BM_Noise5);

static void BM_Walk(benchmark::State& state) {
  static const Cycle cycle(7, kWalkBufferBytes, kWalkBufferBytes);  // fixed size, random order
  chain_and_loads(state, cycle, kWalkLoads);
}
BENCHMARK(BM_Walk);

BENCHMARK_MAIN();
)";
  // Never called: its size (more cases, more code) is all that changes between variants.
  std::string unused = "int unused_function(int x) {\n  switch (x) {\n";
  for (int i = 0; i < 8 + 40 * unused_variant; ++i) {
    unused += "    case " + std::to_string(i) + ": return x * " + std::to_string(2 * i + 3) +
              " + " + std::to_string(i * i) + ";\n";
  }
  unused += "    default: return x;\n  }\n}\n";
  std::map<std::string, std::string> files = {{"CMakeLists.txt", cmake},
                                              {"bench.cpp", bench},
                                              {"unused.cpp", unused},
                                              {"perfwarden.json", synthetic_config(time_field)}};
  if (!data.empty()) files["data/input.txt"] = data + "\n";
  if (readme) files["README.md"] = "# Synthetic accuracy benchmarks\n";
  return files;
}

}  // namespace perfwarden::accuracy
