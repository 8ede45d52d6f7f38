#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "build/cache_entries.h"
#include "report/report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct CompareOptions {
  std::filesystem::path repository = ".";
  std::string base_spec;
  std::string head_spec = "HEAD";
  bool use_merge_base = false;                       // compare head against merge-base(base, head)
  std::optional<std::filesystem::path> config_file;  // a maintainer's local policy file
  std::filesystem::path cache_dir;                   // empty: BuildCache::default_root()
  build::CacheLimits cache_limits;                   // ccache's share, and the prune after the run
  bool prune_cache = true;                           // evict beyond the limits when done
  // Stored baselines for the drift tier: the base revision's baselines/ unless a maintainer
  // points at a local directory.
  std::optional<std::filesystem::path> baseline_dir;
  // Unset values come from the config's "measure" section.
  std::optional<int> rounds;              // a fixed number of rounds (one look)
  std::optional<std::vector<int>> looks;  // sequential looks
  std::optional<int> confirmation_rounds;
  std::optional<std::chrono::seconds> budget;
  std::optional<double> min_time_seconds;
  std::optional<std::chrono::seconds> timeout;
  std::optional<std::uint64_t> seed;  // unset: random, and reported for reproduction
  int warmup_rounds = 1;
  std::vector<std::string> metrics = {"time"};  // "time" and/or "instructions"
  std::optional<bool> deterministic;            // callgrind evidence for "time" (unset: config)
  double alpha = 0.05;
  std::chrono::seconds build_step_timeout{3600};
  std::vector<std::string> owners;  // --owner "Name <email>" named by the pull request (CI)
  // Measure only this shard's benchmarks (a stable hash of suite + name); `merge` joins the
  // shards' reports into one verdict.
  std::optional<report::Shard> shard;
};

// The PR gate, end to end: resolve → config from base → build both (cached) → interleaved
// rounds → statistical comparison → Report. A head that does not build or whose benchmark
// crashes becomes a failure in the report (the gate fails, exit 1); the same on the base side is
// an infrastructure error (perfwarden::Error, exit 3) because the PR cannot be judged.
report::Report run_compare(const CompareOptions& options, util::ProcessRunner& runner,
                           util::Progress& progress);

// At the top of every report of a change that adds perfwarden.json to a base without one.
inline constexpr const char* kIntroducedGateNotice =
    "this pull request introduces the gate: the base has no perfwarden.json, so the one it adds "
    "is used as proposed (later pull requests are judged by the config of their base)";

// The progress line of a prune ("removed 3 least recently used entries (1.2 GiB), ..."); nothing
// when nothing was over a limit.
void note_prune(const build::PruneResult& pruned, const std::filesystem::path& root,
                util::Progress& progress);

}  // namespace perfwarden::gate
