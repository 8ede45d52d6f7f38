#pragma once

// Creating real repositories with real commits: for `perfwarden demo` and for tests, which must
// not spawn `git`. Writes go through the worktree and index exactly as `git add && git commit`
// would, so the repositories look ordinary to every other tool.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "git/identity.h"
#include "git/repository.h"

namespace perfwarden::git {

inline const Identity kDemoIdentity{"perfwarden demo", "demo@perfwarden.invalid"};

struct CommitOptions {
  // Author and committer time in seconds since the epoch (UTC). When unset, the writer's clock
  // is used: it starts at kWriterEpoch and advances one minute per commit, so the same script
  // of commits always produces the same commit ids.
  std::optional<std::int64_t> unix_time = std::nullopt;
  // Written files (from this commit's files_to_write) to give mode 100755.
  std::vector<std::string> executable_paths = {};
  // Submodules to record (path -> commit id), as `git submodule add` or a submodule bump would:
  // a gitlink in the tree and an empty directory in the worktree. The commit need not be here.
  std::map<std::string, std::string> submodules = {};
};

class RepoWriter {
 public:
  // 2023-11-14T22:13:20Z: a fixed, recent-looking time for deterministic commits.
  static constexpr std::int64_t kWriterEpoch = 1'700'000'000;

  // Creates `dir` (with parents) and a non-bare repository in it whose HEAD is the unborn
  // branch `main`. Throws Error(kInfrastructure) when `dir` already holds a repository.
  static RepoWriter init(const std::filesystem::path& dir);

  // Writes `files_to_write` (repository-relative '/' paths → contents; parent directories are
  // created) and removes `files_to_delete` from the worktree and index, then commits the index
  // on top of HEAD (or as a root commit), with `author` as author and committer, advancing the
  // current branch. Returns the new commit id. Paths must be relative and free of "..".
  // Throws Error(kInfrastructure) on failure, and when a file to delete is not tracked.
  std::string commit(const std::map<std::string, std::string>& files_to_write,
                     const std::string& message, const Identity& author = kDemoIdentity,
                     const std::vector<std::string>& files_to_delete = {},
                     const CommitOptions& options = {});

  // Creates refs/heads/`name` at `commit_id` without switching to it.
  void create_branch(const std::string& name, const std::string& commit_id);

  // Points HEAD at refs/heads/`name` and updates worktree and index to its tree. Refuses
  // (Error(kInfrastructure)) to overwrite uncommitted changes.
  void checkout_branch(const std::string& name);

  // Creates the lightweight tag refs/tags/`name` at `commit_id`.
  void tag(const std::string& name, const std::string& commit_id);

  // Creates the annotated tag `name` at `commit_id` with `message`, tagged by `tagger`.
  void annotated_tag(const std::string& name, const std::string& commit_id,
                     const std::string& message, const Identity& tagger = kDemoIdentity);

  Repository& repository() { return repo_; }
  const Repository& repository() const { return repo_; }

 private:
  explicit RepoWriter(Repository repo) : repo_(std::move(repo)) {}

  std::int64_t next_time(const CommitOptions& options);

  Repository repo_;
  std::int64_t clock_ = kWriterEpoch;
};

}  // namespace perfwarden::git
