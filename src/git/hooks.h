#pragma once

#include <filesystem>

#include "git/repository.h"

namespace perfwarden::git {

// Where git looks for this repository's hooks: core.hooksPath when set (with `~/` expanded, and
// a relative path taken from where hooks run: the worktree's top, or the git dir when bare),
// else the common git dir's hooks/ (shared by linked worktrees). The directory may not exist.
std::filesystem::path hooks_directory(const Repository& repo);

}  // namespace perfwarden::git
