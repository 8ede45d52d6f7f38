#pragma once

// From committed baseline versions to the per-benchmark series `perfwarden history` shows, and
// their change points. Pure: the versions come from baseline/baseline_history.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "baseline/baseline_history.h"
#include "report/history_report.h"
#include "stats/change_points.h"
#include "util/pattern.h"

namespace perfwarden::gate {

struct SeriesSelection {
  std::optional<std::string> suite;        // exact suite name
  std::optional<util::Pattern> benchmark;  // matched against whole benchmark names
  std::vector<std::string> metrics;        // stored metric names; empty: every one
  std::optional<std::int64_t> since;       // refreshes committed at or after this time
};

// One series per (suite, machine class, benchmark, metric), sorted by that key; a series never
// mixes machine classes. Each selected version adds a point to each of its benchmarks' metrics:
// the median, quartiles, extremes and count of the stored per-round values, the commit and the
// refresh owner. A file rewritten without re-measuring a benchmark's metric adds no point
// there: its per-round values are the previous point's, byte for byte (for a single
// deterministic value, which a re-measurement repeats, also its provenance commit and time).
std::vector<report::HistorySeries> build_history_series(
    const std::vector<baseline::BaselineVersion>& versions, const SeriesSelection& selection);

// Fills series.change_points from the points' medians (stats::detect_change_points).
void find_change_points(report::HistorySeries& series, const stats::ChangePointOptions& options);

}  // namespace perfwarden::gate
