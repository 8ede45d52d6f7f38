#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "report/calibration_report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct CalibrateOptions {
  std::filesystem::path repository = ".";
  std::string revision = "HEAD";
  std::optional<std::filesystem::path> config_file;
  std::filesystem::path cache_dir;
  int rounds = 20;
  double power = 0.95;
  std::optional<double> min_time_seconds;
  std::optional<std::chrono::seconds> timeout;
  std::optional<std::uint64_t> seed;
  int warmup_rounds = 1;
  std::chrono::seconds build_step_timeout{3600};
};

// A/A calibration: builds one revision and runs its binary against itself in interleaved rounds
// (exactly as `compare` runs base against head), so every difference is noise. From the paired
// noise of each benchmark it derives the smallest slowdown the gate catches at the configured
// threshold and a noise-derived threshold to suggest.
report::CalibrationReport run_calibration(const CalibrateOptions& options,
                                          util::ProcessRunner& runner, util::Progress& progress);

// The pure part, for tests: noise → figures, given the gate's rounds and the configured threshold.
report::CalibratedBenchmark calibrate_benchmark(const std::string& suite, const std::string& name,
                                                const std::string& metric,
                                                const std::vector<double>& first,
                                                const std::vector<double>& second,
                                                double configured_threshold, int gate_rounds,
                                                double power);

}  // namespace perfwarden::gate
