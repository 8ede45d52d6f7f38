#pragma once

// Turning what a user typed (a branch, tag, sha, "HEAD~2", "origin/main") into one commit.
// Revspecs arrive from command lines and CI variables that a pull request can influence, so
// they are validated before libgit2 sees them, and error messages never echo control bytes.

#include <string>
#include <string_view>

#include "git/repository.h"

namespace perfwarden::git {

struct Revision {
  std::string spec;       // as given by the user
  std::string commit_id;  // 40 lowercase hex
  std::string tree_id;    // 40 lowercase hex; equal trees build to equal binaries
  std::string summary;    // the subject line as `git log --oneline` shows it, capped at 1 KiB
};

// The longest revspec accepted; real ones are far shorter, and the cap bounds error messages.
inline constexpr std::size_t kMaxRevspecLength = 256;

// Throws Error(kUsage) unless `spec` is non-empty, at most kMaxRevspecLength bytes, free of
// control characters, and does not start with '-' (which would read as an option to any tool
// the spec is later handed to).
void validate_revspec(std::string_view spec);

// Resolves any single-commit revspec and peels it (through annotated tags) to a commit.
// Throws Error(kUsage):
//   "unknown revision 'X' in REPO"   fix: check the name with `git log --oneline`, or fetch it
//   "ambiguous revision 'X' in REPO" (a short sha matching several objects)
//   "revision 'X' in REPO is a tree/blob, not a commit"
//   and anything validate_revspec() rejects, including ranges like "a..b".
Revision resolve_revision(const Repository& repo, std::string_view spec);

// The best common ancestor of two revisions (revspecs or ids), as a 40-hex commit id.
// Throws Error(kUsage) "no merge base between 'A' and 'B' in REPO" for unrelated histories,
// and whatever resolve_revision() throws for either side.
std::string merge_base(const Repository& repo, const std::string& a, const std::string& b);

}  // namespace perfwarden::git
