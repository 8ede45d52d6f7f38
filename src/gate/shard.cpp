#include "gate/shard.h"

#include <charconv>

#include "bench/benchmark_list.h"
#include "util/error.h"
#include "util/regex_escape.h"

namespace perfwarden::gate {

report::Shard parse_shard(std::string_view text) {
  auto slash = text.find('/');
  report::Shard shard{0, 0};
  auto parse = [](std::string_view part, int& value) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  bool ok = slash != std::string_view::npos && parse(text.substr(0, slash), shard.index) &&
            parse(text.substr(slash + 1), shard.count);
  if (!ok || shard.count < 1 || shard.count > 256 || shard.index < 1 || shard.index > shard.count) {
    throw usage_error(
        "--shard '" + std::string(text.substr(0, 40)) + "' is not K/N with 1 <= K <= N <= 256",
        "write e.g. --shard 1/2 on one machine and --shard 2/2 on another");
  }
  return shard;
}

std::uint64_t stable_benchmark_hash(std::string_view suite, std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
  };
  mix(suite);
  mix("\x1f");
  mix(name);
  return hash;
}

int shard_of(std::string_view suite, std::string_view name, int count) {
  return static_cast<int>(stable_benchmark_hash(suite, name) % static_cast<std::uint64_t>(count)) +
         1;
}

std::vector<bench::SuitePair> shard_suites(
    const std::vector<bench::SuitePair>& suites,
    const std::map<std::string, std::set<std::string>>& listed, report::Shard shard) {
  std::vector<bench::SuitePair> mine;
  for (const auto& pair : suites) {
    auto names = listed.find(pair.suite.name);
    if (names == listed.end()) continue;
    std::string alternatives;
    for (const auto& name : names->second) {
      if (shard_of(pair.suite.name, name, shard.count) != shard.index) continue;
      alternatives += (alternatives.empty() ? "" : "|") + util::escape_regex(name);
    }
    if (alternatives.empty()) continue;
    bench::SuitePair narrowed = pair;
    narrowed.suite.filter = "^(" + alternatives + ")$";
    mine.push_back(std::move(narrowed));
  }
  return mine;
}

ShardSelection select_shard(util::ProcessRunner& runner,
                            const std::vector<bench::SuitePair>& suites, report::Shard shard,
                            const bench::RunSettings& settings) {
  std::map<std::string, std::set<std::string>> listed;
  ShardSelection selection;
  for (const auto& pair : suites) {
    auto& names = listed[pair.suite.name];
    for (auto side : {bench::Side::kBase, bench::Side::kHead}) {
      for (auto& name : bench::list_benchmarks(runner, pair.binary(side), settings))
        names.insert(std::move(name));
    }
    selection.listed += static_cast<int>(names.size());
    for (const auto& name : names)
      selection.selected += shard_of(pair.suite.name, name, shard.count) == shard.index;
  }
  selection.suites = shard_suites(suites, listed, shard);
  return selection;
}

}  // namespace perfwarden::gate
