#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "gate/pre_push_hook.h"
#include "git/repository.h"

namespace perfwarden::cli {

namespace {
struct HookArguments {
  std::filesystem::path repository = ".";
  bool force = false;
};
}  // namespace

void add_hook_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<HookArguments>();
  CLI::App* hook = app.add_subcommand("hook", "Local git hooks");
  hook->require_subcommand(1);
  CLI::App* install = hook->add_subcommand(
      "install", "Write a pre-push hook that compares what you push and stops it on a regression");
  install->add_option("--repo", args->repository, "Git repository (default: .)");
  install->add_flag("--force", args->force, "Replace a pre-push hook that is not perfwarden's");

  install->callback([args, &action] {
    action = [args] {
      auto repository = git::Repository::open(args->repository);
      auto installed =
          gate::install_pre_push_hook(repository, gate::running_executable(), args->force);
      const char* what = "installed";
      switch (installed.outcome) {
        case gate::HookInstallOutcome::kInstalled:
          what = "installed";
          break;
        case gate::HookInstallOutcome::kAlreadyInstalled:
          what = "already installed";
          break;
        case gate::HookInstallOutcome::kUpdated:
          what = "updated";
          break;
        case gate::HookInstallOutcome::kReplaced:
          what = "installed, replacing the previous hook";
          break;
      }
      std::printf("perfwarden: pre-push hook %s: %s\n", what, installed.path.c_str());
      std::printf(
          "  each push is compared with its remote (--merge-base --budget 2m); skip once with "
          "`git push --no-verify`\n");
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
