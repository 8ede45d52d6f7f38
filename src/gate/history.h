#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/history_report.h"

namespace perfwarden::util {
class Progress;
}

namespace perfwarden::gate {

struct HistoryOptions {
  std::filesystem::path repository = ".";
  std::string revision = "HEAD";  // trusted: its first-parent line is read
  std::optional<std::string> suite;
  std::optional<std::string> benchmark;  // RE2 over whole benchmark names
  std::optional<std::string> since;      // "2024-01-01[THH:MM[:SS]Z]" or an age ("90d")
  // real_time, cpu_time, instructions, or time (both times); empty: every metric stored.
  std::vector<std::string> metrics;
  double max_p_value = 0.001;
  // Relative; smaller significant changes are not change points. The default is the smallest
  // instruction-count change the gate reports: deterministic counts that move by a few
  // instructions are significant (p = 0) and mean nothing.
  double min_change = 0.002;
  std::string commit_url;  // "https://github.com/o/r/commit/{sha}", or empty
};

// `perfwarden history`: every committed version of baselines/ along the revision's first parents
// (baseline/baseline_history.h), one series per suite, machine class, benchmark and metric
// (gate/history_series.h), and their change points (stats/change_points.h). Versions that do not
// parse are warnings. Throws Error(kUsage) for a bad revision, --since, --benchmark pattern or
// --commit-url, and when nothing is stored or nothing matches the selection (naming what is
// stored); Error(kInfrastructure) when the repository cannot be read.
report::HistoryReport run_history(const HistoryOptions& options, util::Progress& progress);

}  // namespace perfwarden::gate
