#include "git/directory_history.h"

#include <algorithm>
#include <map>
#include <optional>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/text_limits.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

constexpr std::size_t kMaxSubjectBytes = 1024;
constexpr std::size_t kMaxAuthorPartBytes = 1024;

struct ChainLink {
  git_oid commit{};
  std::optional<git_oid> directory;  // the directory's tree at this commit, when it has one
};

std::optional<git_oid> directory_tree(const Repository& repo, git_commit* commit,
                                      const std::string& directory) {
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit),
        "cannot read the tree of " + to_hex(*git_commit_id(commit)));
  const TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  const int rc = git_tree_entry_bypath(&raw_entry, tree.get(), directory.c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check(rc, "cannot look up '" + printable(directory) + "' in " + repo.display_name());
  const TreeEntryPtr entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

// Regular files directly in the tree `id`: path -> blob id.
std::map<std::string, git_oid> files_of(const Repository& repo, const git_oid& id,
                                        const std::string& directory) {
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo.raw(), &id),
        "cannot read the tree of '" + printable(directory) + "'");
  const TreePtr tree(raw_tree);
  std::map<std::string, git_oid> files;
  for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) continue;
    files.emplace(directory + "/" + git_tree_entry_name(entry), *git_tree_entry_id(entry));
  }
  return files;
}

HistoryCommit describe_commit(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo.raw(), &id), "cannot read commit " + to_hex(id));
  const CommitPtr commit(raw);
  HistoryCommit info;
  info.id = to_hex(id);
  info.time = static_cast<std::int64_t>(git_commit_time(commit.get()));
  const char* summary = git_commit_summary(commit.get());
  info.subject = truncate_utf8(summary == nullptr ? "" : summary, kMaxSubjectBytes);
  const git_signature* author = git_commit_author(commit.get());
  info.author =
      truncate_utf8(author->name == nullptr ? "" : author->name, kMaxAuthorPartBytes) + " <" +
      truncate_utf8(author->email == nullptr ? "" : author->email, kMaxAuthorPartBytes) + ">";
  return info;
}

}  // namespace

DirectoryHistory directory_history(const Repository& repo, const std::string& commit_id,
                                   const std::string& directory) {
  DirectoryHistory history;
  // Newest first: the first-parent line is a list, followed parent by parent.
  std::vector<ChainLink> chain;
  CommitPtr commit = lookup_commit(repo, commit_id);
  while (true) {
    if (chain.size() == kMaxHistoryCommits) {
      throw usage_error("more than " + std::to_string(kMaxHistoryCommits) +
                            " first-parent commits behind " + commit_id,
                        "name a more recent revision with --rev");
    }
    chain.push_back(
        ChainLink{*git_commit_id(commit.get()), directory_tree(repo, commit.get(), directory)});
    if (git_commit_parentcount(commit.get()) == 0) break;
    const git_oid parent_id = *git_commit_parent_id(commit.get(), 0);
    git_commit* raw_parent = nullptr;
    const int rc = git_commit_lookup(&raw_parent, repo.raw(), &parent_id);
    if (rc == GIT_ENOTFOUND) {  // a shallow clone's boundary
      history.cut_at = to_hex(*git_commit_id(commit.get()));
      break;
    }
    check(rc, "cannot read commit " + to_hex(parent_id));
    commit.reset(raw_parent);
  }
  history.commits_walked = chain.size();

  std::optional<git_oid> previous_tree;
  std::map<std::string, git_oid> previous_files;
  for (auto link = chain.rbegin(); link != chain.rend(); ++link) {
    const bool same = link->directory.has_value() == previous_tree.has_value() &&
                      (!link->directory || git_oid_equal(&*link->directory, &*previous_tree));
    if (same) continue;
    std::map<std::string, git_oid> files;
    if (link->directory) files = files_of(repo, *link->directory, directory);
    DirectoryVersion version;
    for (const auto& [path, blob] : files) {
      auto before = previous_files.find(path);
      if (before == previous_files.end() || !git_oid_equal(&before->second, &blob)) {
        version.changed_files.push_back(path);
      }
    }
    if (!version.changed_files.empty()) {
      version.commit = describe_commit(repo, link->commit);
      history.versions.push_back(std::move(version));
    }
    previous_tree = link->directory;
    previous_files = std::move(files);
  }
  return history;
}

}  // namespace perfwarden::git
