#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "git/materialise.h"
#include "git/repository.h"
#include "git/revision.h"

namespace perfwarden::cli {

namespace {
struct MaterialiseArguments {
  std::filesystem::path repository = ".";
  std::string revision = "HEAD";
  std::filesystem::path target;
};
}  // namespace

void add_materialise_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<MaterialiseArguments>();
  CLI::App* command = app.add_subcommand(
      "materialise",
      "Write a revision's tree into a new directory exactly as the gate builds it "
      "(worktree, index and HEAD untouched)");
  command->add_option("--repo", args->repository, "Git repository (default: .)");
  command->add_option("--rev", args->revision, "Revision (default: HEAD)");
  command->add_option("--into", args->target, "Directory to create (must not exist or be empty)")
      ->required();
  command->callback([args, &action] {
    action = [args] {
      auto repository = git::Repository::open(args->repository);
      auto revision = git::resolve_revision(repository, args->revision);
      auto started = std::chrono::steady_clock::now();
      const auto submodules = git::materialise_tree(repository, revision.commit_id, args->target);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::printf("%s (tree %s) -> %s in %.3f s\n", revision.commit_id.c_str(),
                  revision.tree_id.c_str(), args->target.c_str(), seconds);
      const auto missing = git::missing_submodules(submodules);
      if (submodules.size() > missing.size()) {
        std::printf("with %zu submodule(s) from this clone\n", submodules.size() - missing.size());
      }
      if (!missing.empty()) {
        std::fprintf(stderr, "perfwarden: warning: %s: left empty; fix: %s\n",
                     git::describe_missing_submodules(missing).c_str(), git::kMissingSubmoduleFix);
      }
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
