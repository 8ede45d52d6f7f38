#pragma once

#include <functional>

#include "util/exit_code.h"

namespace CLI {
class App;
}

namespace perfwarden::cli {

// Each command registers its options on `app` and, when chosen, sets `action` to what runs
// after parsing. One function per command, one file per command.
using Action = std::function<ExitCode()>;

void add_compare_command(CLI::App& app, Action& action);
void add_demo_command(CLI::App& app, Action& action);
void add_materialise_command(CLI::App& app, Action& action);
void add_cpu_features_command(CLI::App& app, Action& action);
void add_calibrate_command(CLI::App& app, Action& action);
void add_baseline_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_owners_command(CLI::App& app, Action& action);
void add_merge_command(CLI::App& app, Action& action);
void add_hook_command(CLI::App& app, Action& action);
void add_cache_command(CLI::App& app, Action& action);
void add_init_command(CLI::App& app, Action& action);
void add_bisect_command(CLI::App& app, Action& action);
void add_history_command(CLI::App& app, Action& action);
void add_completion_command(CLI::App& app, Action& action);  // last: it describes the others

// Parses argv and runs the chosen command; returns the process exit code. perfwarden::Error
// propagates to main, which prints it.
int run_cli(int argc, char** argv);

}  // namespace perfwarden::cli
