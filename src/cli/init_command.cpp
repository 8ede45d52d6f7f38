#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "gate/init_project.h"
#include "report/escape.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

void add_init_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<gate::InitOptions>();
  CLI::App* command = app.add_subcommand(
      "init",
      "Write perfwarden.json for a CMake project: one suite per executable that links "
      "Google Benchmark (found with CMake's File API)");
  command->add_option("--repo", args->repository, "Project root (default: .)");
  command->add_flag("--force", args->force, "Replace an existing perfwarden.json");
  command->callback([args, &action] {
    action = [args] {
      util::Progress progress(util::is_terminal(stderr));
      util::PosixProcessRunner runner;
      gate::InitResult result = gate::run_init(*args, runner, progress);
      std::printf("found %zu benchmark executable%s:\n", result.suites.size(),
                  result.suites.size() == 1 ? "" : "s");
      for (const auto& suite : result.suites) {
        std::printf("  %s  (%s)%s%s\n", report::escape_terminal(suite.target.name).c_str(),
                    report::escape_terminal(suite.target.artifact).c_str(),
                    suite.from_test.empty() ? "" : ", run as the CTest test ",
                    report::escape_terminal(suite.from_test).c_str());
      }
      for (const auto& skipped : result.skipped)
        std::printf("skipped %s\n", report::escape_terminal(skipped).c_str());
      for (const auto& note : result.notes)
        std::printf("note: %s\n", report::escape_terminal(note).c_str());
      std::printf(
          "wrote %s\n\nnext:\n"
          "  1. review it (owners and hot paths are commented out), then commit it:\n"
          "       git add perfwarden.json && git commit -m \"Gate performance with perfwarden\"\n"
          "  2. compare a change locally:  perfwarden compare --base main --head HEAD\n"
          "  3. in CI, run the same on every pull request (README: \"Sharded runs / other CI "
          "systems\")\n",
          report::escape_terminal(result.config_path.string()).c_str());
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
