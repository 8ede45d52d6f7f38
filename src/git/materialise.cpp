#include "git/materialise.h"

#include <git2/sys/repository.h>

#include <system_error>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

void prepare_empty_directory(const std::filesystem::path& target_dir) {
  std::error_code error;
  if (std::filesystem::exists(target_dir, error)) {
    if (!std::filesystem::is_directory(target_dir, error)) {
      throw infrastructure_error(
          "cannot materialise into " + target_dir.string() + ": it exists and is not a directory",
          "remove it or choose another directory");
    }
    if (!std::filesystem::is_empty(target_dir, error) || error) {
      throw infrastructure_error(
          "cannot materialise into " + target_dir.string() + ": the directory is not empty",
          "remove its contents or choose another directory");
    }
    return;
  }
  std::filesystem::create_directories(target_dir, error);
  if (error) {
    throw infrastructure_error("cannot create " + target_dir.string() + ": " + error.message(),
                               "check the permissions of its parent directory");
  }
}

// `base`/`relative`, every component a real directory (created where missing): a symlink
// written by an earlier checkout must not lead a submodule's files out of `base`.
std::filesystem::path plain_directory(const std::filesystem::path& base,
                                      const std::string& relative) {
  std::filesystem::path dir = base;
  for (const auto& part : std::filesystem::path(relative)) {
    dir /= part;
    std::error_code error;
    const auto status = std::filesystem::symlink_status(dir, error);
    if (status.type() == std::filesystem::file_type::not_found) {
      std::filesystem::create_directory(dir, error);
    } else if (status.type() != std::filesystem::file_type::directory) {
      throw infrastructure_error("cannot write submodule " + relative + " into " + base.string() +
                                     ": " + dir.string() + " is not a directory",
                                 "check the revision's tree: the path is a file or a symlink");
    }
    if (error) {
      throw infrastructure_error("cannot create " + dir.string() + ": " + error.message(),
                                 "check the permissions of " + base.string());
    }
  }
  return dir;
}

// Writes `commit_id`'s tree into `target_dir` (which exists) through a private handle on the
// repository at `git_dir`.
void check_out(const std::filesystem::path& git_dir, const git_oid& id,
               const std::filesystem::path& target_dir, const std::string& what) {
  // Checkout reads (and, unless told not to, writes) the repository's index, and compares
  // against HEAD's tree. To keep the user's .git/index out of it entirely we check out through
  // a second, private handle on the same repository whose index is an empty in-memory one:
  //  - the in-memory index has no file, so checkout's baseline is the empty tree and every file
  //    of the commit is written, whatever HEAD is;
  //  - NO_REFRESH stops checkout from re-reading the index from disk (an in-memory index
  //    cannot be read, and the user's must not be);
  //  - DONT_UPDATE_INDEX / DONT_WRITE_INDEX stop it from recording the new files anywhere.
  // The caller's handle is not modified, so concurrent readers of `repo` are unaffected.
  git_repository* raw_private = nullptr;
  check(git_repository_open_ext(&raw_private, git_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                nullptr),
        "cannot reopen repository " + git_dir.string());
  const RepositoryPtr private_repo(raw_private);

  git_index* raw_index = nullptr;
  check(git_index_new(&raw_index), "cannot create an in-memory index");
  const IndexPtr index(raw_index);
  check(git_repository_set_index(private_repo.get(), index.get()),
        "cannot detach the index of " + git_dir.string());

  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, private_repo.get(), &id), "cannot read " + what);
  const CommitPtr commit(raw_commit);

  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_NO_REFRESH |
                              GIT_CHECKOUT_DONT_UPDATE_INDEX | GIT_CHECKOUT_DONT_WRITE_INDEX;
  // No eol/ident/filter-driver conversion: libgit2 would take .gitattributes from the user's
  // worktree (uncommitted edits included) and core.autocrlf from their config, so the output
  // would depend on the machine. Raw blob bytes make equal tree ids mean equal sources, which
  // the build cache relies on.
  options.disable_filters = 1;
  const std::string target = target_dir.string();
  options.target_directory = target.c_str();
  check(git_checkout_tree(private_repo.get(), reinterpret_cast<const git_object*>(commit.get()),
                          &options),
        "cannot write " + what + " into " + target);
}

}  // namespace

std::vector<Submodule> materialise_tree(const Repository& repo, const std::string& commit_id,
                                        const std::filesystem::path& target_dir) {
  // An unknown commit fails here (lookup_tree's standard errors), before anything is created.
  std::vector<Submodule> submodules = find_submodules(repo, commit_id);
  materialise_tree(repo, commit_id, target_dir, submodules);
  return submodules;
}

void materialise_tree(const Repository& repo, const std::string& commit_id,
                      const std::filesystem::path& target_dir,
                      const std::vector<Submodule>& submodules) {
  // Validate the commit before creating anything, through the caller's handle for the standard
  // "not found" / "not a commit" errors.
  const git_oid id = *git_commit_id(lookup_commit(repo, commit_id).get());
  prepare_empty_directory(target_dir);
  check_out(repo.git_dir(), id, target_dir, "commit " + commit_id);
  // Parents come first, so a nested submodule's directory exists when its turn comes.
  for (const Submodule& submodule : submodules) {
    if (!submodule.available()) continue;
    const std::filesystem::path into = plain_directory(target_dir, submodule.path);
    check_out(submodule.git_dir, parse_object_id(submodule.commit_id), into,
              "submodule " + submodule.path + " at commit " + submodule.commit_id);
  }
}

}  // namespace perfwarden::git
