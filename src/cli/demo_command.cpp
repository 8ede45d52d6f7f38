#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "build/build_cache.h"
#include "build/cache_entries.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "demo/demo_scenario.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct DemoArguments {
  OutputOptions output;
  bool keep = false;
  std::filesystem::path cache_dir;
};
}  // namespace

void add_demo_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArguments>();
  CLI::App* command = app.add_subcommand(
      "demo",
      "The bundled scenario end to end: a throwaway repository whose head commit makes a "
      "hot path slower, gated by perfwarden. Exits 0 when the regression is caught");
  command->add_flag("--keep", args->keep, "Keep the demo repository and print its path");
  command->add_option("--cache-dir", args->cache_dir,
                      "Build cache (default: $XDG_CACHE_HOME/perfwarden/builds)");
  add_output_options(*command, args->output);

  command->callback([args, &action] {
    action = [args] {
      util::TempDir directory("perfwarden-demo");
      util::Progress progress(util::is_terminal(stderr));
      auto demo = demo::create_demo_repository(directory.path() / "repo");
      progress.note("demo repository: " + demo.path.string() +
                    " (base main~1, head main: an AI-co-authored 'simplification')");
      demo.compare.cache_dir = args->cache_dir;
      demo.compare.cache_limits = build::cache_limits_from_environment();
      util::PosixProcessRunner runner;
      report::Report report = gate::run_compare(demo.compare, runner, progress);
      ExitCode gate_exit = emit_report(report, args->output);
      if (args->keep) {
        directory.release();
        std::printf("kept %s; rerun with: perfwarden compare --repo %s --base main~1 --head main\n",
                    demo.path.c_str(), demo.path.c_str());
      }
      // The regression itself, not just any failure: the demo's AI-co-authored head also draws
      // a named-owner finding under the root perfwarden.json, which alone would fail the gate.
      if (gate_exit == ExitCode::kGateFailed && report.blocking_regressions() > 0) {
        std::printf(
            "\nThe gate caught the regression: in CI this pull request would fail (exit 1).\n");
        return ExitCode::kPass;
      }
      std::printf("\nThe demo regression was NOT caught: please report this machine's figures.\n");
      return ExitCode::kGateFailed;
    };
  });
}

}  // namespace perfwarden::cli
