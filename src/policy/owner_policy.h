#pragma once

// The named-owner policy: AI-generated code in a hot path lands only with a named human owner,
// and an accepted regression only with that owner's waiver. Pure: git facts in, findings out.
//
// Rules (ids are stable; reports and CI scripts key on them):
//   owner-required                  hot paths changed and no accountable owner named for them
//                                   (per AI-generated commit, with its evidence, then the rest);
//   owner-invalid                   an Owner: trailer / --owner that is not "Name <email>";
//   owner-is-ai-or-bot              the named owner is an AI identity or a bot;
//   owner-not-listed                the named owner is not in "owners", or owns none of the
//                                   changed hot paths that still lack an owner;
//   policy-change-needs-maintainer  perfwarden.json or baselines/ changed without a maintainer
//                                   named as owner;
//   waiver-invalid                  a Perf-Waiver trailer that is not "<regex>: <reason>";
//   waiver-not-by-owner             a waiver whose commit author does not own the benchmark;
//   benchmark-gone                  a benchmark the base has and the head does not (deleted,
//                                   renamed, filtered out) without its owner's waiver;
//   benchmark-source-changed        a file defining benchmarks changed (its timed loop, its
//                                   registration) and no owner of its benchmarks is named.
// The policy is on when the config lists "owners"; without them there is nobody to name, and
// only benchmark-gone applies (unwaivable; "allow_gone_benchmarks" turns it off).

#include <optional>
#include <string>
#include <vector>

#include "config/gate_config.h"
#include "git/commit_log.h"

namespace perfwarden::policy {

inline constexpr std::string_view kOwnerTrailer = "Owner";
inline constexpr std::string_view kWaiverTrailer = "Perf-Waiver";
inline constexpr std::size_t kMaxWaiverPatternBytes = 256;

struct OwnerFinding {
  std::string rule;    // one of the ids above
  std::string commit;  // the commit concerned, or "" for the change as a whole
  std::vector<std::string> paths;
  std::string message;  // untrusted text (names, trailers, paths) with control bytes as \xNN:
                        // renderers still escape markup
  std::string fix;
};

struct BenchmarkId {
  std::string suite;
  std::string name;
};

// A changed file that defines benchmarks (bench/benchmark_registrations.h), with the benchmarks
// it registers: measured ids where the gate knows them, else {"", family name}.
struct BenchmarkSource {
  std::string path;
  std::vector<BenchmarkId> benchmarks;
};

// A regression, or a gone benchmark, accepted by an owner of its benchmark's hot path.
struct AcceptedWaiver {
  BenchmarkId benchmark;
  std::string pattern;
  std::string reason;
  std::string owner;  // "Name <email>" of the waiver's author
  std::string commit;
};

struct OwnerPolicyInput {
  std::vector<git::CommitInfo> commits;    // merge-base..head, oldest first
  std::vector<std::string> changed_paths;  // merge-base tree -> head tree
  std::vector<std::string> cli_owners;     // --owner values, as given (untrusted)
  // Measured regressions to match waivers against; nullopt when nothing was measured
  // (`perfwarden owners`): waivers are then only checked for being given by an owner.
  std::optional<std::vector<BenchmarkId>> regressions;
  std::vector<BenchmarkId> gone;                   // in the base's measurement only
  std::vector<BenchmarkSource> benchmark_sources;  // changed files that define benchmarks
};

// A measured regression no waiver accepted, and the owners whose waiver would.
struct WaivableRegression {
  BenchmarkId benchmark;
  std::vector<std::string> owners;  // "Name <email>", as listed in "owners"
};

struct OwnerPolicyResult {
  std::vector<OwnerFinding> findings;
  std::vector<AcceptedWaiver> waivers;
  std::vector<WaivableRegression> waivable;    // empty without "owners": nobody can waive
  std::vector<std::string> hot_paths_changed;  // changed paths decided by an owned rule
  std::vector<std::string> owners_named;       // valid human owners named, "Name <email>"
};

OwnerPolicyResult evaluate_owner_policy(const config::GateConfig& config,
                                        const OwnerPolicyInput& input);

// The changed hot-path files whose rule maps the benchmark (BenchmarkResult::hot_path_files).
std::vector<std::string> hot_path_files_for(const config::GateConfig& config,
                                            const std::vector<std::string>& hot_paths_changed,
                                            const BenchmarkId& benchmark);

// Why the commit counts as AI-generated ("Co-authored-by: Claude <noreply@anthropic.com>"), or
// "" when nothing marks it.
std::string ai_evidence(const config::AiIdentities& ai, const git::CommitInfo& commit);

// Whether `path` is one of the gate's own policy files (perfwarden.json, baselines/...).
bool is_policy_path(std::string_view path);

}  // namespace perfwarden::policy
