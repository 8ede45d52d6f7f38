#include "git/tree_diff.h"

#include <algorithm>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/submodules.h"
#include "git/text_limits.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

constexpr int kMaxSubmoduleDepth = 8;

// A submodule whose recorded commit changed (or which was added or removed); ids zero when
// absent on that side.
struct GitlinkChange {
  std::string path;
  git_oid old_id;
  git_oid new_id;
};

struct Collected {
  std::vector<std::string> paths;
  std::vector<GitlinkChange> gitlinks;
};

int collect_paths(const git_diff_delta* delta, float /*progress*/, void* payload) {
  auto& collected = *static_cast<Collected*>(payload);
  const bool old_link = delta->old_file.mode == GIT_FILEMODE_COMMIT;
  const bool new_link = delta->new_file.mode == GIT_FILEMODE_COMMIT;
  if ((old_link || new_link) && delta->new_file.path != nullptr &&
      (delta->old_file.path == nullptr ||
       std::string_view(delta->old_file.path) == delta->new_file.path)) {
    // A file replaced by a submodule, or the reverse: that file changed too.
    if (!old_link && delta->old_file.mode != 0) collected.paths.emplace_back(delta->new_file.path);
    if (!new_link && delta->new_file.mode != 0) collected.paths.emplace_back(delta->new_file.path);
    git_oid none{};
    collected.gitlinks.push_back({delta->new_file.path, old_link ? delta->old_file.id : none,
                                  new_link ? delta->new_file.id : none});
    return 0;
  }
  if (delta->old_file.path != nullptr) collected.paths.emplace_back(delta->old_file.path);
  if (delta->new_file.path != nullptr) collected.paths.emplace_back(delta->new_file.path);
  return 0;
}

std::vector<std::string> changed_paths_at_depth(const Repository& repo, const std::string& old_id,
                                                const std::string& new_id, int depth);

// The files a submodule change touched, as superproject paths, when this clone holds both of
// its commits in one repository; otherwise the submodule's own path, which is all we know.
void add_submodule_change(const Repository& repo, const GitlinkChange& change, int depth,
                          std::vector<std::string>& paths) {
  const std::string old_id = git_oid_is_zero(&change.old_id) ? "" : to_hex(change.old_id);
  const std::string new_id = git_oid_is_zero(&change.new_id) ? "" : to_hex(change.new_id);
  const std::string& either = new_id.empty() ? old_id : new_id;
  if (depth + 1 < kMaxSubmoduleDepth) {
    if (auto holder = open_submodule_repository(repo, change.path, either)) {
      // Two commits can be compared only within one repository.
      if (old_id.empty() || new_id.empty() || holds_commit(*holder, change.old_id)) {
        for (auto& inner : changed_paths_at_depth(*holder, old_id, new_id, depth + 1)) {
          paths.push_back(change.path + "/" + inner);
        }
        return;
      }
    }
  }
  paths.push_back(change.path);
}

std::vector<std::string> changed_paths_at_depth(const Repository& repo, const std::string& old_id,
                                                const std::string& new_id, int depth) {
  const TreePtr old_tree = lookup_tree(repo, old_id);
  const TreePtr new_tree = lookup_tree(repo, new_id);

  // No rename detection (git_diff_find_similar): an undetected rename is a deletion plus an
  // addition, which yields the same two paths at a fraction of the cost.
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_tree(&raw_diff, repo.raw(), old_tree.get(), new_tree.get(), &options),
        "cannot compare " + old_id + " with " + new_id);
  const DiffPtr diff(raw_diff);

  Collected collected;
  check(git_diff_foreach(diff.get(), collect_paths, nullptr, nullptr, nullptr, &collected),
        "cannot list changed files");
  for (const GitlinkChange& change : collected.gitlinks) {
    add_submodule_change(repo, change, depth, collected.paths);
  }
  return std::move(collected.paths);
}

}  // namespace

std::vector<std::string> changed_paths(const Repository& repo,
                                       const std::string& old_tree_or_commit_id,
                                       const std::string& new_tree_or_commit_id) {
  std::vector<std::string> paths =
      changed_paths_at_depth(repo, old_tree_or_commit_id, new_tree_or_commit_id, 0);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

namespace {

std::optional<std::string> read_file_in_tree(const Repository& repo, const git_tree* tree,
                                             const std::string& commit_id, const std::string& path,
                                             int depth);

// `path` under a submodule of `tree` (the first component that is one): read from the
// repository of this clone holding the submodule's commit; nullopt when there is none.
std::optional<std::string> read_file_in_submodule(const Repository& repo, const git_tree* tree,
                                                  const std::string& path, int depth) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    git_tree_entry* raw_entry = nullptr;
    if (git_tree_entry_bypath(&raw_entry, tree, prefix.c_str()) < 0) return std::nullopt;
    const TreeEntryPtr entry(raw_entry);
    const git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_TREE) continue;
    if (mode != GIT_FILEMODE_COMMIT || depth + 1 >= kMaxSubmoduleDepth) return std::nullopt;
    const std::string submodule_commit = to_hex(*git_tree_entry_id(entry.get()));
    auto holder = open_submodule_repository(repo, prefix, submodule_commit);
    if (!holder) return std::nullopt;
    const TreePtr submodule_tree = lookup_tree(*holder, submodule_commit);
    return read_file_in_tree(*holder, submodule_tree.get(), submodule_commit,
                             path.substr(slash + 1), depth + 1);
  }
  return std::nullopt;
}

std::optional<std::string> read_file_in_tree(const Repository& repo, const git_tree* tree,
                                             const std::string& commit_id, const std::string& path,
                                             int depth) {
  git_tree_entry* raw_entry = nullptr;
  const int rc = git_tree_entry_bypath(&raw_entry, tree, path.c_str());
  if (rc == GIT_ENOTFOUND) return read_file_in_submodule(repo, tree, path, depth);
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

}  // namespace

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
  return read_file_in_tree(repo, tree.get(), commit_id, path, 0);
}

}  // namespace perfwarden::git
