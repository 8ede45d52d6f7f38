#pragma once

// The submodules a commit records (its gitlinks), and where this clone keeps each one's objects,
// so that a revision's tree can be written with its submodules the way
// `git submodule update --init --recursive` would check them out. Nothing is fetched: a
// submodule commit the clone does not hold is reported, and its directory stays empty.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.h"

namespace perfwarden::git {

struct Submodule {
  std::string path;       // '/'-separated from the top of the superproject; nested ones in full
  std::string commit_id;  // what the gitlink records (40 hex)
  // A repository of this clone that holds that commit; empty when none does.
  std::filesystem::path git_dir;

  bool available() const { return !git_dir.empty(); }
};

// Every submodule of `commit_id`'s tree, parents before the submodules nested in them (a nested
// one is found only inside a parent this clone holds). Where git keeps a submodule's objects,
// in the order tried:
// - <git dir>/modules/<path>, what `git submodule update --init` and actions/checkout write
//   (the module's name is its path unless it was renamed);
// - <worktree>/<path>, a submodule cloned in place by an older git;
// - any other repository under <git dir>/modules (a module whose name is not its path);
// - the superproject itself.
// Paths come from the revision's tree (a pull request's): one with a component "", ".", "..",
// or ".git" is never looked up (it stays missing, so nothing is written through it), and at
// most 8 levels and 1,000 submodules are followed. Throws Error(kInfrastructure) when the commit's
// tree cannot be read.
std::vector<Submodule> find_submodules(const Repository& repo, const std::string& commit_id);

// The repository of this clone that holds the submodule at `path` at `commit_id`, looked for as
// find_submodules() does; nullopt when none does.
std::optional<Repository> open_submodule_repository(const Repository& repo, const std::string& path,
                                                    const std::string& commit_id);

// The submodules among `submodules` that this clone does not hold.
std::vector<Submodule> missing_submodules(const std::vector<Submodule>& submodules);

// "submodule third_party/lib (commit 0123456789ab) is not in this clone" for each, joined by
// "; ", control bytes in paths written as \xNN (printable()). Empty for none.
std::string describe_missing_submodules(const std::vector<Submodule>& missing);

// What to do about a missing submodule, for messages.
inline constexpr const char* kMissingSubmoduleFix =
    "run `git submodule update --init --recursive` in the clone; on GitHub Actions, check out "
    "with `submodules: recursive` and `fetch-depth: 0` so that the base's submodule commits "
    "are there too";

}  // namespace perfwarden::git
