#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "version.h"

namespace perfwarden::cli {

int run_cli(int argc, char** argv) {
  CLI::App app{"perfwarden: a performance-regression gate for C++ (Google Benchmark + CMake + git)",
               "perfwarden"};
  app.set_version_flag("--version", std::string("perfwarden ") + kVersion);
  app.require_subcommand(1);

  Action action;
  add_compare_command(app, action);
  add_demo_command(app, action);
  add_check_command(app, action);
  add_baseline_command(app, action);
  add_calibrate_command(app, action);
  add_owners_command(app, action);
  add_merge_command(app, action);
  add_hook_command(app, action);
  add_cache_command(app, action);
  add_init_command(app, action);
  add_bisect_command(app, action);
  add_history_command(app, action);
  add_materialise_command(app, action);
  add_cpu_features_command(app, action);
  add_completion_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : to_int(ExitCode::kUsage);
  }
  return to_int(action());
}

}  // namespace perfwarden::cli
