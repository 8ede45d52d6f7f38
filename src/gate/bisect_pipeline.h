#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "build/cache_entries.h"
#include "report/bisect_report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct BisectOptions {
  std::filesystem::path repository = ".";
  std::string good_spec;
  std::string bad_spec = "HEAD";
  std::string
      benchmark;  // RE2 over whole benchmark names; the largest change among them is bisected
  std::string metric = "time";  // "time" (the suite's time field) or "instructions" (valgrind)
  std::optional<std::filesystem::path> config_file;  // else perfwarden.json of the good revision
  std::filesystem::path cache_dir;
  build::CacheLimits cache_limits;
  std::vector<int> looks = {10, 20, 30};  // rounds at which a probe is decided, the last the most
  std::optional<std::chrono::seconds> budget;  // caps the whole bisect's measuring time
  std::optional<double> min_time_seconds;
  std::optional<std::chrono::seconds> timeout;
  std::optional<double> min_change;  // the smallest change searched for; default: its threshold
  double alpha = 0.05;
  std::optional<std::uint64_t> seed;
  int max_steps = 8;
  std::chrono::seconds build_step_timeout{3600};
};

// `perfwarden bisect`: the first-parent commits between good and bad, each built through the
// build cache and measured against both ends of the segment it lies in (interleaved rounds, or
// one instruction count per build), until every change beyond the threshold is named
// (gate/bisect_search.h). Throws perfwarden::Error: usage for bad revisions or a pattern that
// matches nothing, infrastructure when good or bad does not build or run.
report::BisectReport run_bisect(const BisectOptions& options, util::ProcessRunner& runner,
                                util::Progress& progress);

}  // namespace perfwarden::gate
