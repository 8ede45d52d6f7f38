#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/calibration.h"
#include "report/calibration_report.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct CalibrateArguments {
  gate::CalibrateOptions gate;
  OutputOptions output;
  std::optional<std::filesystem::path> write_config;
  std::optional<int> timeout_seconds;
};
}  // namespace

void add_calibrate_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CalibrateArguments>();
  CLI::App* command = app.add_subcommand(
      "calibrate",
      "A/A rounds on one revision: noise per benchmark, the smallest slowdown the gate "
      "catches, and suggested thresholds");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command->add_option("--rev", args->gate.revision, "Revision to calibrate (default: HEAD)");
  command->add_option("--config", args->gate.config_file,
                      "Local policy file instead of the revision's");
  command->add_option("--cache-dir", args->gate.cache_dir, "Build cache");
  command->add_option("--rounds", args->gate.rounds, "A/A rounds (default: 20)")
      ->check(CLI::Range(4, 1000));
  command->add_option("--power", args->gate.power, "Power for 'catches from' (default: 0.95)")
      ->check(CLI::Range(0.5, 0.999));
  command->add_option("--min-time", args->gate.min_time_seconds, "--benchmark_min_time per process")
      ->check(CLI::Range(0.001, 60.0));
  command->add_option("--timeout", args->timeout_seconds, "Seconds one benchmark process may run")
      ->check(CLI::Range(1, 86400));
  command->add_option("--seed", args->gate.seed, "Seed of the round order");
  command->add_option(
      "--write", args->write_config,
      "Write suggested thresholds and advisory benchmarks as a perfwarden.json fragment");
  add_output_options(*command, args->output, OutputFormats::kJsonOnly);

  command->callback([args, &action] {
    action = [args] {
      if (args->timeout_seconds) args->gate.timeout = std::chrono::seconds(*args->timeout_seconds);
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      auto report = gate::run_calibration(args->gate, runner, progress);
      std::string table =
          report::render_calibration_console(report, util::use_color(args->output.color, stdout));
      std::fwrite(table.data(), 1, table.size(), stdout);
      if (args->output.json_path) {
        util::write_file_atomically(*args->output.json_path,
                                    report::render_calibration_json(report));
      }
      if (args->write_config) {
        util::write_file_atomically(*args->write_config, report::render_calibration_config(report));
      }
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
