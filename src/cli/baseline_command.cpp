#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "gate/baseline_update.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct BaselineArguments {
  gate::BaselineUpdateOptions gate;
  std::optional<int> timeout_seconds;
};
}  // namespace

void add_baseline_command(CLI::App& app, Action& action) {
  CLI::App* baseline =
      app.add_subcommand("baseline", "Stored baselines in baselines/ (maintainers)");
  baseline->require_subcommand(1);
  auto args = std::make_shared<BaselineArguments>();
  CLI::App* update = baseline->add_subcommand(
      "update", "Measure REV and write baselines/<suite>.<machine class>.json atomically");
  update->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  update->add_option("--rev", args->gate.revision, "Revision to measure (default: HEAD)");
  update->add_option("--owner", args->gate.owner, "The maintainer blessing it: \"Name <email>\"")
      ->required();
  update->add_option("--config", args->gate.config_file,
                     "Local policy file instead of the revision's");
  update->add_option("--cache-dir", args->gate.cache_dir, "Build cache");
  update->add_option("--output-dir", args->gate.output_dir,
                     "Where to write (default: <worktree>/baselines)");
  update->add_option("--metric", args->gate.metrics, "time, instructions, or both (default)")
      ->delimiter(',')
      ->check(CLI::IsMember({"time", "instructions"}));
  update
      ->add_option("--rounds", args->gate.rounds,
                   "Processes per suite for the time metric (default: 20)")
      ->check(CLI::Range(2, 1000));
  update->add_option("--min-time", args->gate.min_time_seconds, "--benchmark_min_time per process")
      ->check(CLI::Range(0.001, 60.0));
  update->add_option("--timeout", args->timeout_seconds, "Seconds one benchmark process may run")
      ->check(CLI::Range(1, 86400));
  update->add_flag("--dry-run", args->gate.dry_run, "Measure and show the changes; write nothing");

  update->callback([args, &action] {
    action = [args] {
      if (args->timeout_seconds) args->gate.timeout = std::chrono::seconds(*args->timeout_seconds);
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      auto result = gate::run_baseline_update(args->gate, runner, progress);
      std::fwrite(result.summary.data(), 1, result.summary.size(), stdout);
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
