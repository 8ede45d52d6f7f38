#pragma once

// The commits a pull request adds, with who wrote them and their trailers: the raw material for
// the owner and AI-provenance policies. Everything here is text the pull request's author
// controls, so it is size-capped here, once, and must still be escaped wherever it is rendered.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "git/repository.h"

namespace perfwarden::git {

inline constexpr std::size_t kMaxCommitsBetween = 1000;
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
inline constexpr std::size_t kMaxTrailerKeyBytes = 256;
inline constexpr std::size_t kMaxTrailerValueBytes = 1024;
inline constexpr std::size_t kMaxTrailersPerCommit = 100;
inline constexpr std::size_t kMaxIdentityFieldBytes = 1024;

struct Trailer {
  std::string key;    // as written ("Co-authored-by"); compare case-insensitively
  std::string value;  // e.g. "Claude <noreply@anthropic.com>"
};

struct CommitInfo {
  std::string id;  // 40 lowercase hex
  std::string author_name, author_email;
  std::string committer_name, committer_email;
  std::string message;                     // full raw message, capped at kMaxMessageBytes
  std::vector<Trailer> trailers;           // git's trailer rules (last paragraph), in order
  std::vector<std::string> changed_paths;  // vs the first parent (vs nothing for a root commit)
  std::int64_t time = 0;                   // committer time, seconds since the epoch

  // The first line of the message.
  std::string subject() const { return message.substr(0, message.find('\n')); }
};

// The trailers of a commit message by git's rules (the last paragraph of "Key: value" lines),
// each key and value capped as above, at most kMaxTrailersPerCommit. Any bytes are accepted.
std::vector<Trailer> parse_trailers(std::string_view message);

// Commits reachable from `head_commit` but not from `base_commit` (as `git log base..head`),
// oldest first, parents before children. Both arguments are full commit ids. Merge commits are
// included; their changed_paths are against the first parent, like `git log --first-parent`.
//
// Fields longer than their kMax* limits are cut at a UTF-8 boundary and end with
// kTruncationMarker; trailers beyond kMaxTrailersPerCommit are dropped. Trailers are parsed
// from the full message before it is capped. The message encoding header is ignored: text is
// passed on as the bytes stored.
//
// Throws Error(kUsage) for unknown ids, and when there are more than kMaxCommitsBetween
// commits (usually a wrong base).
std::vector<CommitInfo> commits_between(const Repository& repo, const std::string& base_commit,
                                        const std::string& head_commit);

// The first-parent line from `bad_commit` back to `good_commit` (excluded), oldest first: the
// commits a bisect searches, each as it landed on the branch. Throws Error(kUsage) when `good`
// is not on that line, or it is longer than kMaxCommitsBetween.
std::vector<CommitInfo> first_parent_commits(const Repository& repo, const std::string& good_commit,
                                             const std::string& bad_commit);

}  // namespace perfwarden::git
