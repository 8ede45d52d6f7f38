#pragma once

// Object ids as the rest of perfwarden sees them (40 lowercase hex characters) and typed lookups
// by id. Revspecs ("main", "HEAD~2") are resolved in revision.h; functions here take ids only,
// so a value that has already been resolved can never be reinterpreted as a branch name.

#include <string>
#include <string_view>

#include "git/handles.h"
#include "git/repository.h"

namespace perfwarden::git {

// 40 lowercase hex characters.
std::string to_hex(const git_oid& id);

// True for exactly 40 hex characters (either case).
bool is_full_object_id(std::string_view text);

// Parses a full 40-hex id; throws Error(kUsage) "invalid object id 'X'" otherwise.
git_oid parse_object_id(std::string_view text);

// Looks up a commit by full id. Throws Error(kUsage) "commit X not found in REPO" (with the fix
// "fetch it first") when absent, and when the id names an object that is not a commit.
CommitPtr lookup_commit(const Repository& repo, std::string_view commit_id);

// Whether the repository holds a commit with this id (absent or another kind of object: false).
bool holds_commit(const Repository& repo, const git_oid& id);

// The tree of a commit id, or the tree itself for a tree id. An empty id stands for the empty
// tree (what a root commit is compared against) and yields nullptr, which libgit2's diff and
// checkout functions accept as "no tree". Errors as lookup_commit().
TreePtr lookup_tree(const Repository& repo, std::string_view tree_or_commit_id);

}  // namespace perfwarden::git
