#pragma once

// The named-owner policy against a real repository: gathers the pull request's commits and the
// files it changes with libgit2, then runs the pure policy (policy/owner_policy.h).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/gate_config.h"
#include "git/repository.h"
#include "policy/owner_policy.h"
#include "report/report.h"

namespace perfwarden::gate {

// What a measurement knows about the benchmarks; left empty by `perfwarden owners`.
struct MeasuredBenchmarks {
  std::optional<std::vector<policy::BenchmarkId>> regressions;  // as in OwnerPolicyInput
  std::vector<policy::BenchmarkId> gone;                        // the base has them, the head not
  std::vector<policy::BenchmarkId> known;                       // every benchmark of either side

  // From a report: regressions of both tiers; gone and all names from the change tier.
  static MeasuredBenchmarks of(const report::Report& report);
};

// Checks the commits in merge-base(base, head)..head and the files changed from the merge-base's
// tree to head's tree (hot paths, and files that define benchmarks). The merge-base rather than
// base itself: when base has moved on, the files it changed since are not this change's and need
// no owner from it. Throws Error(kUsage) for unrelated histories or too long a range.
policy::OwnerPolicyResult check_owners(const git::Repository& repository,
                                       const config::GateConfig& config,
                                       const std::string& base_commit,
                                       const std::string& head_commit,
                                       const std::vector<std::string>& cli_owners,
                                       const MeasuredBenchmarks& measured);

report::PolicyFinding to_report(const policy::OwnerFinding& finding);

// Adds the result to the report: findings, waivers on the regressions and gone benchmarks they
// accept, and the changed hot-path files of each benchmark.
void apply_owner_result(const config::GateConfig& config, const policy::OwnerPolicyResult& result,
                        report::Report& report);

// `perfwarden owners`: the policy alone, without building or measuring anything.
struct OwnersOptions {
  std::filesystem::path repository = ".";
  std::string base_spec;
  std::string head_spec = "HEAD";
  std::optional<std::filesystem::path> config_file;  // a maintainer's local policy file
  std::vector<std::string> owners;                   // --owner "Name <email>", from CI
};

// Resolves both revisions, reads the policy from base (or config_file) and checks it. A config
// without "owners" is a usage error here: there is no policy to check.
report::Report run_owners(const OwnersOptions& options);

}  // namespace perfwarden::gate
