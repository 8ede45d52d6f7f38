#include "git/hooks.h"

#include "git/handles.h"
#include "git/libgit2_error.h"

namespace perfwarden::git {

std::filesystem::path hooks_directory(const Repository& repo) {
  git_config* raw_config = nullptr;
  check(git_repository_config_snapshot(&raw_config, repo.raw()),
        "cannot read the git config of " + repo.display_name());
  ConfigPtr config(raw_config);
  Buffer configured;
  int rc = git_config_get_path(&configured.buf, config.get(), "core.hooksPath");
  if (rc < 0 && rc != GIT_ENOTFOUND)
    fail(rc, "cannot read core.hooksPath of " + repo.display_name());
  if (rc == 0 && configured.buf.size > 0) {
    std::filesystem::path path(std::string(configured.buf.ptr, configured.buf.size));
    if (path.is_relative())
      path = (repo.workdir().empty() ? repo.git_dir() : repo.workdir()) / path;
    return path.lexically_normal();
  }
  // GIT_REPOSITORY_ITEM_HOOKS is the common dir's hooks/, which ignores core.hooksPath.
  Buffer hooks;
  check(git_repository_item_path(&hooks.buf, repo.raw(), GIT_REPOSITORY_ITEM_HOOKS),
        "cannot locate the hooks directory of " + repo.display_name());
  std::string path(hooks.buf.ptr, hooks.buf.size);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace perfwarden::git
