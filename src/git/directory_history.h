#pragma once

// The committed versions of one directory along a branch's first-parent line, for
// `perfwarden history`, which reads every state of baselines/ a branch has had without
// materialising a tree. Commit subjects and authors are the committers' text: capped here and
// still to be escaped wherever they are rendered.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "git/repository.h"

namespace perfwarden::git {

// Beyond this many first-parent commits the walk stops with a usage error.
inline constexpr std::size_t kMaxHistoryCommits = 1'000'000;

struct HistoryCommit {
  std::string id;         // 40 lowercase hex
  std::int64_t time = 0;  // committer time, seconds since the epoch (UTC)
  std::string subject;    // the summary line, capped at 1 KiB
  std::string author;     // "Name <email>", each part capped at 1 KiB
};

// One commit at which the directory's files differ from its first parent's.
struct DirectoryVersion {
  HistoryCommit commit;
  // Regular files directly inside the directory that this commit added or modified (their blob
  // differs from the first parent's), repository-relative, sorted. Deleted files are not listed.
  std::vector<std::string> changed_files;
};

struct DirectoryHistory {
  std::vector<DirectoryVersion> versions;  // oldest first
  std::size_t commits_walked = 0;          // first-parent commits, the root included
  // The line ends at a commit whose first parent is not in the repository (a shallow clone):
  // its id, else empty.
  std::string cut_at;
};

// Walks the first parents of `commit_id` (40 hex) back to the root. A commit whose directory
// tree is the same as its parent's costs one tree lookup and is skipped; only where it changed
// are the file lists compared. `directory` is repository-relative ("baselines"); where it is
// absent it holds no files. Symbolic links and subdirectories inside it are ignored.
// Throws Error(kUsage) for an unknown commit and for more than kMaxHistoryCommits commits.
DirectoryHistory directory_history(const Repository& repo, const std::string& commit_id,
                                   const std::string& directory);

}  // namespace perfwarden::git
