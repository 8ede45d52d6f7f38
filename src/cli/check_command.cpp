#include <CLI/CLI.hpp>

#include <memory>

#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/check_pipeline.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct CheckArguments {
  gate::CheckOptions gate;
  OutputOptions output;
  std::optional<int> timeout_seconds;
};
}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CheckArguments>();
  CLI::App* command =
      app.add_subcommand("check", "Head against the stored baselines (cumulative drift)");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command->add_option("--head", args->gate.head_spec, "Revision to check (default: HEAD)");
  command->add_option(
      "--baseline-rev", args->gate.baseline_revision,
      "Trusted revision whose baselines/ and perfwarden.json apply (default: HEAD)");
  command->add_option("--baseline-dir", args->gate.baseline_dir,
                      "A maintainer's local baselines directory");
  command->add_option("--config", args->gate.config_file, "Local policy file");
  command->add_option("--cache-dir", args->gate.cache_dir, "Build cache");
  command->add_option("--metric", args->gate.metrics, "time, instructions, or both (default)")
      ->delimiter(',')
      ->check(CLI::IsMember({"time", "instructions"}));
  command
      ->add_option("--rounds", args->gate.rounds,
                   "Processes per suite for the time metric (default: 20)")
      ->check(CLI::Range(2, 1000));
  command->add_option("--alpha", args->gate.alpha, "False-discovery rate (default: 0.05)")
      ->check(CLI::Range(0.0001, 0.5));
  command->add_option("--min-time", args->gate.min_time_seconds, "--benchmark_min_time per process")
      ->check(CLI::Range(0.001, 60.0));
  command->add_option("--timeout", args->timeout_seconds, "Seconds one benchmark process may run")
      ->check(CLI::Range(1, 86400));
  add_output_options(*command, args->output);

  command->callback([args, &action] {
    action = [args] {
      if (args->timeout_seconds) args->gate.timeout = std::chrono::seconds(*args->timeout_seconds);
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      return emit_report(gate::run_check(args->gate, runner, progress), args->output);
    };
  });
}

}  // namespace perfwarden::cli
