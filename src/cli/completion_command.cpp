#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/bash_completion.h"
#include "cli/commands.h"
#include "util/files.h"

namespace perfwarden::cli {

void add_completion_command(CLI::App& app, Action& action) {
  auto output = std::make_shared<std::string>();
  auto shell = std::make_shared<std::string>();  // CLI11 writes into both while parsing
  CLI::App* command =
      app.add_subcommand("completion",
                         "Print the shell completion script (bash): source it, or install it as "
                         "/usr/share/bash-completion/completions/perfwarden");
  command->add_option("shell", *shell, "The shell: bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  command->add_option("--output", *output, "Write the script to FILE instead of stdout");
  // The script describes the whole app, so it is generated after every command is registered.
  command->callback([output, shell, &app, &action] {
    action = [output, &app] {
      const std::string script = bash_completion_script(app);
      if (output->empty()) {
        std::fwrite(script.data(), 1, script.size(), stdout);
      } else {
        util::write_file_atomically(*output, script);
      }
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
