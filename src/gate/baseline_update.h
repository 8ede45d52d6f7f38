#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct BaselineUpdateOptions {
  std::filesystem::path repository = ".";
  std::string revision = "HEAD";
  std::string owner;  // "Name <email>": must be a maintainer in the revision's perfwarden.json
  std::optional<std::filesystem::path> config_file;
  std::filesystem::path cache_dir;
  std::optional<std::filesystem::path> output_dir;  // default: <worktree>/baselines
  std::vector<std::string> metrics = {"time", "instructions"};
  int rounds = 20;
  bool dry_run = false;
  std::optional<double> min_time_seconds;
  std::optional<std::chrono::seconds> timeout;
  std::chrono::seconds build_step_timeout{3600};
};

// One line per file: what was (or would be) written, and per benchmark the change of its median
// against the previous baseline.
struct BaselineUpdateResult {
  std::vector<std::filesystem::path> files;
  std::string summary;
};

// The maintainers' refresh: checks the owner is a maintainer, builds REV, measures every suite
// and writes baselines/<suite>.<machine class>.json atomically. Nothing is written before every
// suite has been measured, so a failed or interrupted run leaves the previous baselines intact.
BaselineUpdateResult run_baseline_update(const BaselineUpdateOptions& options,
                                         util::ProcessRunner& runner, util::Progress& progress);

}  // namespace perfwarden::gate
