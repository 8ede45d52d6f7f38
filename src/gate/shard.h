#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bench/round_scheduler.h"
#include "report/report.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::gate {

// "K/N" with 1 <= K <= N <= 256; Error(kUsage) otherwise.
report::Shard parse_shard(std::string_view text);

// FNV-1a 64 of suite, a unit separator and name: the same on every machine, compiler and
// standard library (std::hash is not), so shards agree without talking to one another.
std::uint64_t stable_benchmark_hash(std::string_view suite, std::string_view name);

// The shard (1..count) that measures a benchmark. Each benchmark's shard depends on its own
// name only, so a benchmark that one machine does not register shifts no other benchmark.
int shard_of(std::string_view suite, std::string_view name, int count);

// Pure: the suites narrowed to `shard`'s benchmarks among `listed` (suite → names registered in
// base or head), each with an exact-name filter; suites left with none are dropped.
std::vector<bench::SuitePair> shard_suites(
    const std::vector<bench::SuitePair>& suites,
    const std::map<std::string, std::set<std::string>>& listed, report::Shard shard);

// Lists every suite's base and head binaries (`--benchmark_list_tests=true`; the union, so new
// and gone benchmarks land in exactly one shard too) and narrows the suites as above. Throws
// bench::BenchmarkFailure when a binary cannot list its benchmarks.
struct ShardSelection {
  std::vector<bench::SuitePair> suites;
  int listed = 0;    // benchmarks in all shards
  int selected = 0;  // in this one
};
ShardSelection select_shard(util::ProcessRunner& runner,
                            const std::vector<bench::SuitePair>& suites, report::Shard shard,
                            const bench::RunSettings& settings);

}  // namespace perfwarden::gate
