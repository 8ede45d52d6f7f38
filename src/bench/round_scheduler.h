#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <vector>

#include "bench/benchmark_process.h"
#include "bench/samples.h"
#include "config/gate_config.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::bench {

// A registered suite with its binary in each of the two builds.
struct SuitePair {
  config::Suite suite;
  std::filesystem::path base_binary;
  std::filesystem::path head_binary;
};

struct RoundPlan {
  int rounds = 12;
  int warmup_rounds = 1;  // run but not kept: page cache, CPU frequency, lazy binding settle
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
  const SampleSet& samples() const { return samples_; }
  int rounds_done() const { return samples_.rounds; }

 private:
  void record(const SuitePair& pair, Side side, const ParsedOutput& output);
  ParsedOutput run_side(const SuitePair& pair, Side side);

  util::ProcessRunner& runner_;
  std::vector<SuitePair> suites_;
  RoundPlan plan_;
  std::mt19937_64 rng_;
  SampleSet samples_;
  std::map<std::pair<std::string, std::string>, std::size_t> index_;  // (suite, name) → position
};

}  // namespace perfwarden::bench
