#pragma once

// What changed between two revisions, and what a file held at one: the inputs for mapping a
// pull request's edits to the benchmarks (and owners) that cover them, and for reading the
// gate's policy files from the trusted base revision without materialising it.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.h"

namespace perfwarden::git {

// The largest file read_file_at() returns; policy files are a few kilobytes.
inline constexpr std::size_t kMaxReadFileBytes = std::size_t{16} * 1024 * 1024;

// Repository-relative paths ('/'-separated) that differ between the two trees, sorted and
// without duplicates. Each id is a full commit or tree id; "" stands for the empty tree (so a
// root commit can be compared). A rename or copy contributes both its old and its new path,
// a changed submodule the files that changed inside it when this clone holds both of its
// commits (find_submodules()), else its own path; mode-only changes (chmod +x) count.
std::vector<std::string> changed_paths(const Repository& repo,
                                       const std::string& old_tree_or_commit_id,
                                       const std::string& new_tree_or_commit_id);

// The bytes of the file at `path` (repository-relative, '/'-separated) in `commit_id`, or
// nullopt when there is no such path or it is a directory or submodule. A path inside a
// submodule is read at the commit the tree records, when this clone holds it. Content is returned
// as stored, without eol or other attribute filters.
// Throws Error(kUsage) for a symlink (policy files are read as regular files only, so a link
// cannot redirect the gate elsewhere) and when the file is larger than kMaxReadFileBytes.
std::optional<std::string> read_file_at(const Repository& repo, const std::string& commit_id,
                                        const std::string& path);

}  // namespace perfwarden::git
