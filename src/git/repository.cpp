#include "git/repository.h"

#include <system_error>
#include <utility>

#include "git/libgit2_error.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

// libgit2 reports directories with a trailing '/', which would make "DIR" in messages and
// path comparisons in callers differ from what std::filesystem produces.
std::filesystem::path without_trailing_slash(const char* raw_path) {
  if (raw_path == nullptr) return {};
  std::filesystem::path path(raw_path);
  if (!path.has_filename() && path.has_parent_path() && path != path.root_path()) {
    path = path.parent_path();
  }
  return path;
}

}  // namespace

Repository Repository::open(const std::filesystem::path& dir) {
  ensure_libgit2_initialised();
  std::error_code ignored;
  if (!std::filesystem::is_directory(dir, ignored)) {
    throw usage_error("no such directory: " + dir.string(),
                      "pass --repo with the path of a git checkout");
  }
  git_repository* raw = nullptr;
  // Flags 0: search parent directories but do not cross filesystems, like git's default.
  const int rc = git_repository_open_ext(&raw, dir.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    throw usage_error("not a git repository: " + dir.string(),
                      "run perfwarden inside a git checkout, or pass --repo with its path");
  }
  if (rc == GIT_EOWNER) {
    fail(rc, "refusing to open " + dir.string(), ExitCode::kUsage,
         "the repository belongs to another user; run as that user, or mark it trusted with "
         "`git config --global --add safe.directory DIR`");
  }
  check(rc, "cannot open repository " + dir.string());
  return Repository(RepositoryPtr(raw));
}

Repository Repository::adopt(RepositoryPtr handle) { return Repository(std::move(handle)); }

std::filesystem::path Repository::workdir() const {
  return without_trailing_slash(git_repository_workdir(handle_.get()));
}

std::filesystem::path Repository::git_dir() const {
  return without_trailing_slash(git_repository_path(handle_.get()));
}

std::string Repository::display_name() const {
  const std::filesystem::path worktree = workdir();
  return worktree.empty() ? git_dir().string() : worktree.string();
}

}  // namespace perfwarden::git
