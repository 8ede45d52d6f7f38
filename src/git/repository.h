#pragma once

// An open git repository: the one owner of a git_repository handle. Every other function in
// src/git/ takes a `const Repository&`, so the handle's lifetime is always visible at call sites.
// Like the libgit2 handle it owns, a Repository must not be used by two threads at once; open
// one per thread instead (opening is cheap).

#include <filesystem>
#include <string>

#include "git/handles.h"

namespace perfwarden::git {

class Repository {
 public:
  // Opens the repository containing `dir`, searching upward like `git` does (stopping at
  // filesystem boundaries, and ignoring GIT_DIR and friends: the caller names the directory).
  // Works for worktrees and bare repositories.
  // Throws Error(kUsage) "not a git repository: DIR" when there is none, or "no such
  // directory: DIR"; Error(kUsage) when libgit2 refuses a repository owned by another user.
  static Repository open(const std::filesystem::path& dir);

  // Takes ownership of a handle created elsewhere in this layer (RepoWriter::init).
  static Repository adopt(RepositoryPtr handle);

  Repository(Repository&&) noexcept = default;
  Repository& operator=(Repository&&) noexcept = default;
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;
  ~Repository() = default;

  // The libgit2 handle, still owned by this object; never null unless moved from.
  git_repository* raw() const { return handle_.get(); }

  // The working tree's top directory without a trailing slash; empty for a bare repository.
  std::filesystem::path workdir() const;

  // The .git directory (or the repository itself when bare), without a trailing slash.
  std::filesystem::path git_dir() const;

  // What to call the repository in messages: the worktree if there is one, else the git dir.
  std::string display_name() const;

 private:
  explicit Repository(RepositoryPtr handle) : handle_(std::move(handle)) {}

  RepositoryPtr handle_;
};

}  // namespace perfwarden::git
