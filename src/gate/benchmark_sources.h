#pragma once

// Which files of a change define benchmarks, for the named-owner policy's
// benchmark-source-changed rule: each changed C/C++ file is read at the merge-base and at the
// head with libgit2 and scanned for registrations (bench/benchmark_registrations.h). Either
// version counts, so deleting or commenting out a registration is a change to a benchmark source.

#include <string>
#include <vector>

#include "git/repository.h"
#include "policy/owner_policy.h"

namespace perfwarden::gate {

// `known` are the measured benchmarks of both revisions: a registered family resolves to the
// ones it contains ({"", family} when none does). Files that cannot be read as regular files
// (symbolic links, beyond git::kMaxReadFileBytes) are skipped.
std::vector<policy::BenchmarkSource> changed_benchmark_sources(
    const git::Repository& repository, const std::string& fork_commit,
    const std::string& head_commit, const std::vector<std::string>& changed_paths,
    const std::vector<policy::BenchmarkId>& known);

}  // namespace perfwarden::gate
