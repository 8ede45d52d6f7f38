#include "demo/demo_scenario.h"

#include "git/repo_writer.h"

namespace perfwarden::demo {
namespace {

constexpr const char* kCMakeLists = R"(cmake_minimum_required(VERSION 3.16)
project(demo_hot_paths CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(benchmark REQUIRED)
add_executable(bench_core bench_core.cpp price_index.cpp)
target_link_libraries(bench_core PRIVATE benchmark::benchmark)
)";

constexpr const char* kConfig = R"({
  // The demo's gate policy: one suite, 5% default threshold.
  "suites": [ { "name": "core", "binary": "bench_core", "filter": "BM_.*" } ],
  "thresholds": { "default": 0.05 },
  "measure": { "rounds": 10, "min_time": 0.02 }
}
)";

constexpr const char* kHeader = R"(#pragma once
#include <cstdint>
#include <vector>

// Prices keyed by a sorted product id.
struct PriceIndex {
  std::vector<std::int64_t> ids;     // sorted ascending
  std::vector<std::int64_t> prices;  // prices[i] belongs to ids[i]
};

PriceIndex make_index(std::int64_t size);
std::int64_t find_price(const PriceIndex& index, std::int64_t id);
std::int64_t total_value(const PriceIndex& index);
)";

constexpr const char* kIndexBase = R"(#include "price_index.h"

#include <algorithm>
#include <numeric>

PriceIndex make_index(std::int64_t size) {
  PriceIndex index;
  for (std::int64_t i = 0; i < size; ++i) {
    index.ids.push_back(i * 3 + 1);
    index.prices.push_back((i * 7919) % 1000);
  }
  return index;
}

std::int64_t find_price(const PriceIndex& index, std::int64_t id) {
  // ids are sorted: binary search.
  auto it = std::lower_bound(index.ids.begin(), index.ids.end(), id);
  if (it == index.ids.end() || *it != id) return -1;
  return index.prices[static_cast<std::size_t>(it - index.ids.begin())];
}

std::int64_t total_value(const PriceIndex& index) {
  return std::accumulate(index.prices.begin(), index.prices.end(), std::int64_t{0});
}
)";

// An ordinary-looking "simplification" that drops the sorted-ids invariant: a linear scan.
constexpr const char* kIndexHead = R"(#include "price_index.h"

#include <algorithm>
#include <numeric>

PriceIndex make_index(std::int64_t size) {
  PriceIndex index;
  for (std::int64_t i = 0; i < size; ++i) {
    index.ids.push_back(i * 3 + 1);
    index.prices.push_back((i * 7919) % 1000);
  }
  return index;
}

std::int64_t find_price(const PriceIndex& index, std::int64_t id) {
  // Simpler and obviously correct.
  for (std::size_t i = 0; i < index.ids.size(); ++i) {
    if (index.ids[i] == id) return index.prices[i];
  }
  return -1;
}

std::int64_t total_value(const PriceIndex& index) {
  return std::accumulate(index.prices.begin(), index.prices.end(), std::int64_t{0});
}
)";

constexpr const char* kBench = R"(#include <benchmark/benchmark.h>

#include "price_index.h"

static void BM_FindPrice(benchmark::State& state) {
  PriceIndex index = make_index(state.range(0));
  std::int64_t id = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(find_price(index, id));
    id = (id + 3 * 97) % (3 * state.range(0));
  }
}
BENCHMARK(BM_FindPrice)->Arg(4096);

static void BM_TotalValue(benchmark::State& state) {
  PriceIndex index = make_index(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(total_value(index));
}
BENCHMARK(BM_TotalValue)->Arg(4096);

BENCHMARK_MAIN();
)";

}  // namespace

DemoRepository create_demo_repository(const std::filesystem::path& directory) {
  auto writer = git::RepoWriter::init(directory);
  writer.commit({{"CMakeLists.txt", kCMakeLists},
                 {"perfwarden.json", kConfig},
                 {"price_index.h", kHeader},
                 {"price_index.cpp", kIndexBase},
                 {"bench_core.cpp", kBench}},
                "Add price index with benchmarks");
  writer.commit({{"price_index.cpp", kIndexHead}},
                "Simplify find_price\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
  DemoRepository demo;
  demo.path = directory;
  demo.compare.repository = directory;
  demo.compare.base_spec = "main~1";
  demo.compare.head_spec = "main";
  return demo;
}

}  // namespace perfwarden::demo
