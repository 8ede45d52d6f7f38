#pragma once

// The two kinds of wildcard the policy file uses: CODEOWNERS-like path globs for hot paths, and
// plain wildcards for people (AI identities such as "*[bot]").
//
// Why our own matcher: fnmatch(3) with FNM_PATHNAME has no `**` and reads "[bot]" as a bracket
// expression; libgit2's wildmatch (gitignore semantics, `**` included) is internal, reachable
// only through repository-bound APIs (git_ignore_*, git_attr_*) that also read .gitignore files
// from a worktree, and git_pathspec lets `*` cross directories. CODEOWNERS semantics are small
// enough to write down exactly and test (tests/unit/config_glob_test.cpp).

#include <string_view>

namespace perfwarden::config {

// Whether a repository-relative, '/'-separated `path` (a file) matches a hot-path `pattern`:
//   `*` any run of characters within one path segment, `?` one character other than '/';
//   `**` as a whole segment: any number of segments (`src/**/x.h`, `**/x.h`), and at the end
//   (`src/db/**`) everything inside the directory; elsewhere `**` acts as `*`;
//   a leading '/' anchors at the root, as does any '/' inside the pattern; a pattern without
//   '/' (or with only a trailing one) matches a name at any depth ("*.h", "bench/");
//   a pattern that matches a directory matches every file beneath it ("src/db" covers
//   "src/db/pager.cpp"); a trailing '/' matches directories only.
// Every other character is literal (no [classes], no negation, as in GitHub's CODEOWNERS).
// Matching is case-sensitive, like git's paths.
bool path_glob_matches(std::string_view pattern, std::string_view path);

// Whether a path-glob pattern is usable: non-empty, no empty, "." or ".." segments, no control
// characters. Returns the problem, or an empty view when it is fine.
std::string_view path_glob_problem(std::string_view pattern);

// Whether `text` as a whole matches `pattern`, where only `*` (any run) and `?` (one byte) are
// special and letters compare case-insensitively (ASCII): "*[bot]" matches "renovate[bot]".
bool wildcard_matches(std::string_view pattern, std::string_view text);

}  // namespace perfwarden::config
