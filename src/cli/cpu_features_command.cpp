#include <CLI/CLI.hpp>

#include <cstdio>

#include "bench/cpu_features.h"
#include "cli/commands.h"

namespace perfwarden::cli {

// Not for users: the gate runs it under valgrind to learn which extensions the emulated CPU
// reports (bench/cpu_features.h), so it is left out of --help.
void add_cpu_features_command(CLI::App& app, Action& action) {
  CLI::App* command = app.add_subcommand(
      "cpu-features", "Print the instruction-set extensions CPU dispatch would see");
  command->group("");
  command->callback([&action] {
    action = [] {
      std::printf("%s\n", bench::format_cpu_features(bench::native_cpu_features()).c_str());
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
