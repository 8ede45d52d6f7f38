#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct CheckOptions {
  std::filesystem::path repository = ".";
  std::string head_spec = "HEAD";
  // Where the trusted baselines come from: a revision (default HEAD, e.g. origin/main in CI) or
  // a maintainer's local directory.
  std::string baseline_revision = "HEAD";
  std::optional<std::filesystem::path> baseline_dir;
  std::optional<std::filesystem::path> config_file;
  std::filesystem::path cache_dir;
  std::vector<std::string> metrics = {"time", "instructions"};
  int rounds = 20;
  double alpha = 0.05;
  std::optional<double> min_time_seconds;
  std::optional<std::chrono::seconds> timeout;
  std::chrono::seconds build_step_timeout{3600};
};

// Head against the stored baselines. Refuses (exit 3) to compare timings recorded on another
// machine, naming what differs and suggesting `compare`; instruction counts compare across
// machines of the same class.
report::Report run_check(const CheckOptions& options, util::ProcessRunner& runner,
                         util::Progress& progress);

}  // namespace perfwarden::gate
