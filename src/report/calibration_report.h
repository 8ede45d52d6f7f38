#pragma once

#include <string>
#include <vector>

#include "report/report.h"

namespace perfwarden::report {

// What A/A rounds (one build against itself) say about each benchmark's noise, and what that
// means for gating it. Computed by gate::run_calibration; rendered below. Rendering never computes.
struct CalibratedBenchmark {
  std::string suite;
  std::string name;
  std::string metric;
  int rounds = 0;
  double median = 0.0;               // per iteration, in the metric's unit
  double paired_cv = 0.0;            // sd of the A/A per-round log ratios
  double threshold = 0.0;            // configured today
  double detectable = 0.0;           // smallest slowdown caught with `power` at that threshold
  double suggested_threshold = 0.0;  // noise-derived: A/A crosses it with probability <= 0.13%
  bool advisory = false;             // suggested threshold above kAdvisoryAbove: too noisy to gate
};

struct CalibrationReport {
  std::string tool_version;
  RevisionSummary revision;
  int rounds = 0;  // A/A rounds measured
  int gate_rounds =
      0;  // rounds the gate measures at most (its last look): the basis of the figures
  double power = 0.95;
  std::vector<CalibratedBenchmark> benchmarks;
  std::vector<std::string> warnings;
};

inline constexpr double kAdvisoryAbove = 0.10;

std::string render_calibration_console(const CalibrationReport& report, bool color);
std::string render_calibration_json(const CalibrationReport& report);
// A perfwarden.json fragment with the suggested thresholds and advisory list, to review and merge.
std::string render_calibration_config(const CalibrationReport& report);

}  // namespace perfwarden::report
