#pragma once

// Writing one commit's files into a fresh directory, for building that revision in isolation.
// The user's repository is read, never written: its worktree, index (.git/index), HEAD and refs
// are untouched, so perfwarden can run while someone has uncommitted work in the checkout.

#include <filesystem>
#include <string>

#include "git/repository.h"

namespace perfwarden::git {

// Writes the tree of `commit_id` (40 hex) into `target_dir`, which is created (with parents)
// and must be empty or not exist yet.
//
// - Content is exactly the commit's: uncommitted edits and untracked files in the user's
//   worktree never appear, and files hold the committed bytes: no .gitattributes or
//   core.autocrlf conversion (unlike `git checkout`), so equal tree ids give equal sources.
// - Executable bits and symlinks are reproduced (symlinks as plain files holding the target
//   where the filesystem or core.symlinks=false forbids them, as git does).
// - Submodules are not fetched or checked out: each becomes an empty directory, like
//   `git clone` without --recurse-submodules.
// - No .git directory is written, so the result is a plain source tree.
//
// Throws Error(kUsage) for an unknown commit (see lookup_commit), Error(kInfrastructure) when
// `target_dir` exists and is not an empty directory, or when writing fails.
void materialise_tree(const Repository& repo, const std::string& commit_id,
                      const std::filesystem::path& target_dir);

}  // namespace perfwarden::git
