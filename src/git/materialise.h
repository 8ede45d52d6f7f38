#pragma once

// Writing one commit's files into a fresh directory, for building that revision in isolation.
// The user's repository is read, never written: its worktree, index (.git/index), HEAD and refs
// are untouched, so perfwarden can run while someone has uncommitted work in the checkout.

#include <filesystem>
#include <string>
#include <vector>

#include "git/repository.h"
#include "git/submodules.h"

namespace perfwarden::git {

// Writes the tree of `commit_id` (40 hex) into `target_dir`, which is created (with parents)
// and must be empty or not exist yet.
//
// - Content is exactly the commit's: uncommitted edits and untracked files in the user's
//   worktree never appear, and files hold the committed bytes: no .gitattributes or
//   core.autocrlf conversion (unlike `git checkout`), so equal tree ids give equal sources.
// - Executable bits and symlinks are reproduced (symlinks as plain files holding the target
//   where the filesystem or core.symlinks=false forbids them, as git does).
// - Submodules are written at the commits the tree records, from the repositories this clone
//   already holds (find_submodules(): where `git submodule update --init --recursive` put
//   them); nothing is fetched. One the clone does not hold stays an empty directory, like
//   `git clone` without --recurse-submodules, and is returned for the caller to report.
// - No .git directory is written, so the result is a plain source tree.
//
// Returns every submodule of the tree (missing_submodules() picks those left empty).
// Throws Error(kUsage) for an unknown commit (see lookup_commit), Error(kInfrastructure) when
// `target_dir` exists and is not an empty directory, or when writing fails.
std::vector<Submodule> materialise_tree(const Repository& repo, const std::string& commit_id,
                                        const std::filesystem::path& target_dir);

// The same with the submodules already found (find_submodules(repo, commit_id)).
void materialise_tree(const Repository& repo, const std::string& commit_id,
                      const std::filesystem::path& target_dir,
                      const std::vector<Submodule>& submodules);

}  // namespace perfwarden::git
