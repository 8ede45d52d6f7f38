#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/owner_check.h"

namespace perfwarden::cli {

namespace {
struct OwnersArguments {
  gate::OwnersOptions gate;
  OutputOptions output;
};
}  // namespace

void add_owners_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<OwnersArguments>();
  CLI::App* command = app.add_subcommand("owners",
                                         "The named-owner policy alone: hot paths changed by "
                                         "base..head need an accountable human owner");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command->add_option("--base", args->gate.base_spec, "Base revision (the policy is read from it)")
      ->required();
  command->add_option("--head", args->gate.head_spec, "Head revision (default: HEAD)");
  command->add_option("--config", args->gate.config_file,
                      "Local policy file instead of perfwarden.json from the base revision");
  command->add_option(
      "--owner", args->gate.owners,
      "Owner named by the pull request, \"Name <email>\" (repeatable; e.g. from CI)");
  add_output_options(*command, args->output);

  command->callback([args, &action] {
    action = [args] { return emit_report(gate::run_owners(args->gate), args->output); };
  });
}

}  // namespace perfwarden::cli
