#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bench/benchmark_process.h"
#include "bench/samples.h"
#include "config/gate_config.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::bench {

// (suite name, benchmark name): benchmark names are unique only within their binary.
using BenchmarkKey = std::pair<std::string, std::string>;

struct RoundPlan {
  int warmup_rounds = 1;   // run but not kept: page cache, CPU frequency, lazy binding settle
  int planned_rounds = 0;  // for progress lines only
  std::uint64_t seed = 0;
  RunSettings settings;
};

// Runs randomised interleaved rounds (Abedi & Brecht 2017): in every round, for every suite, the
// base and head binaries run back to back as fresh processes in a random order, so machine
// drift and order effects hit both sides alike. Callable round by round so that callers may
// stop early or extend.
class RoundScheduler {
 public:
  RoundScheduler(util::ProcessRunner& runner, std::vector<SuitePair> suites, const RoundPlan& plan);

  void run_warmup(util::Progress& progress);
  void run_round(util::Progress& progress);

  // From now on, run only these benchmarks (suite, name): suites with none left are skipped and
  // the others get an exact-name --benchmark_filter. Lets sequential looks stop measuring
  // benchmarks that are already decided.
  void restrict_to(const std::set<BenchmarkKey>& active);
  // A label for progress lines, e.g. "look at 15".
  void set_round_label(std::string label) { round_label_ = std::move(label); }
  const SampleSet& samples() const { return samples_; }
  int rounds_done() const { return samples_.rounds; }

 private:
  void record(const SuitePair& pair, Side side, const ParsedOutput& output);
  void note_skips(const SuitePair& pair, const ParsedOutput& output);
  ParsedOutput run_side(const SuitePair& pair, Side side);
  std::string effective_filter(const SuitePair& pair) const;

  util::ProcessRunner& runner_;
  std::vector<SuitePair> suites_;
  RoundPlan plan_;
  std::mt19937_64 rng_;
  SampleSet samples_;
  std::map<BenchmarkKey, std::size_t> index_;  // (suite, name) → position in samples_
  std::optional<std::set<BenchmarkKey>> active_;
  std::string round_label_;
};

}  // namespace perfwarden::bench
