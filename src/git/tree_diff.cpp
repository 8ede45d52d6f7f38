#include "git/tree_diff.h"

#include <algorithm>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/text_limits.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

int collect_paths(const git_diff_delta* delta, float /*progress*/, void* payload) {
  auto* paths = static_cast<std::vector<std::string>*>(payload);
  if (delta->old_file.path != nullptr) paths->emplace_back(delta->old_file.path);
  if (delta->new_file.path != nullptr) paths->emplace_back(delta->new_file.path);
  return 0;
}

}  // namespace

std::vector<std::string> changed_paths(const Repository& repo,
                                       const std::string& old_tree_or_commit_id,
                                       const std::string& new_tree_or_commit_id) {
  const TreePtr old_tree = lookup_tree(repo, old_tree_or_commit_id);
  const TreePtr new_tree = lookup_tree(repo, new_tree_or_commit_id);

  // No rename detection (git_diff_find_similar): an undetected rename is a deletion plus an
  // addition, which yields the same two paths at a fraction of the cost.
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_tree(&raw_diff, repo.raw(), old_tree.get(), new_tree.get(), &options),
        "cannot compare " + old_tree_or_commit_id + " with " + new_tree_or_commit_id);
  const DiffPtr diff(raw_diff);

  std::vector<std::string> paths;
  check(git_diff_foreach(diff.get(), collect_paths, nullptr, nullptr, nullptr, &paths),
        "cannot list changed files");
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

std::optional<std::string> read_file_at(const Repository& repo, const std::string& commit_id,
                                        const std::string& path) {
  if (path.empty()) {
    throw usage_error("empty path to read at commit " + commit_id,
                      "name a file relative to the repository root");
  }
  const CommitPtr commit = lookup_commit(repo, commit_id);
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit.get()), "cannot read the tree of " + commit_id);
  const TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  const int rc = git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, "cannot look up '" + printable(path) + "' at " + commit_id);
  const TreeEntryPtr entry(raw_entry);

  const git_filemode_t mode = git_tree_entry_filemode(entry.get());
  if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT) return std::nullopt;
  if (mode == GIT_FILEMODE_LINK) {
    throw usage_error("'" + printable(path) + "' at " + commit_id + " is a symbolic link",
                      "commit the file itself rather than a link to it");
  }

  git_blob* raw_blob = nullptr;
  check(git_blob_lookup(&raw_blob, repo.raw(), git_tree_entry_id(entry.get())),
        "cannot read '" + printable(path) + "' at " + commit_id);
  const BlobPtr blob(raw_blob);
  const auto size = static_cast<std::size_t>(git_blob_rawsize(blob.get()));
  if (size > kMaxReadFileBytes) {
    throw usage_error("'" + printable(path) + "' at " + commit_id + " is " + std::to_string(size) +
                          " bytes, over the " + std::to_string(kMaxReadFileBytes / (1024 * 1024)) +
                          " MiB limit",
                      "keep policy files small; move large data out of them");
  }
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())), size);
}

}  // namespace perfwarden::git
