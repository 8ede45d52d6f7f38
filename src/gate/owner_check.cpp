#include "gate/owner_check.h"

#include <algorithm>

#include "config/config_source.h"
#include "gate/benchmark_sources.h"
#include "git/commit_log.h"
#include "git/revision.h"
#include "git/tree_diff.h"
#include "util/error.h"
#include "version.h"

namespace perfwarden::gate {

MeasuredBenchmarks MeasuredBenchmarks::of(const report::Report& report) {
  MeasuredBenchmarks measured;
  measured.regressions.emplace();
  auto add_once = [](std::vector<policy::BenchmarkId>& ids, const report::BenchmarkResult& b) {
    if (std::none_of(ids.begin(), ids.end(), [&](const policy::BenchmarkId& id) {
          return id.suite == b.suite && id.name == b.name;
        })) {
      ids.push_back({b.suite, b.name});
    }
  };
  for (const auto& b : report.benchmarks) {
    if (b.verdict == policy::Verdict::kRegression) add_once(*measured.regressions, b);
    if (b.tier != report::Tier::kChange) continue;  // a stale baseline's benchmark is not gone
    add_once(measured.known, b);
    if (b.verdict == policy::Verdict::kGone) add_once(measured.gone, b);
  }
  return measured;
}

policy::OwnerPolicyResult check_owners(const git::Repository& repository,
                                       const config::GateConfig& config,
                                       const std::string& base_commit,
                                       const std::string& head_commit,
                                       const std::vector<std::string>& cli_owners,
                                       const MeasuredBenchmarks& measured) {
  policy::OwnerPolicyInput input;
  input.regressions = measured.regressions;
  input.gone = measured.gone;
  if (config.owners.people.empty()) {  // only benchmark-gone applies: no history walk needed
    return policy::evaluate_owner_policy(config, input);
  }
  const std::string fork = git::merge_base(repository, base_commit, head_commit);
  input.commits = git::commits_between(repository, fork, head_commit);
  input.changed_paths = git::changed_paths(repository, fork, head_commit);
  input.cli_owners = cli_owners;
  input.benchmark_sources =
      changed_benchmark_sources(repository, fork, head_commit, input.changed_paths, measured.known);
  return policy::evaluate_owner_policy(config, input);
}

report::PolicyFinding to_report(const policy::OwnerFinding& finding) {
  return {finding.rule, finding.commit, finding.paths, finding.message, finding.fix};
}

void apply_owner_result(const config::GateConfig& config, const policy::OwnerPolicyResult& result,
                        report::Report& report) {
  for (const auto& finding : result.findings) report.findings.push_back(to_report(finding));
  for (auto& benchmark : report.benchmarks) {
    const policy::BenchmarkId id{benchmark.suite, benchmark.name};
    benchmark.hot_path_files = policy::hot_path_files_for(config, result.hot_paths_changed, id);
    if (benchmark.verdict != policy::Verdict::kRegression &&
        benchmark.verdict != policy::Verdict::kGone)
      continue;
    for (const auto& waiver : result.waivers) {
      if (waiver.benchmark.suite == benchmark.suite && waiver.benchmark.name == benchmark.name) {
        benchmark.waiver =
            report::Waiver{waiver.pattern, waiver.reason, waiver.owner, waiver.commit};
      }
    }
    for (const auto& waivable : result.waivable) {
      if (waivable.benchmark.suite == benchmark.suite && waivable.benchmark.name == benchmark.name)
        benchmark.waivable_by = waivable.owners;
    }
  }
}

report::Report run_owners(const OwnersOptions& options) {
  report::Report report;
  report.tool_version = kVersion;
  auto repository = git::Repository::open(options.repository);
  report.repository = repository.workdir().string();
  const git::Revision base = git::resolve_revision(repository, options.base_spec);
  const git::Revision head = git::resolve_revision(repository, options.head_spec);
  report.base = {base.spec, base.commit_id, base.tree_id, base.summary, false, 0.0};
  report.head = {head.spec, head.commit_id, head.tree_id, head.summary, false, 0.0};
  const config::GateConfig config =
      config::load_gate_config(repository, base.commit_id, options.config_file);
  if (config.owners.people.empty()) {
    throw usage_error(
        config.origin + ": no \"owners\": the named-owner policy is off",
        "list the accountable people in \"owners\" and map files to them in \"hot_paths\" "
        "(see README, Named-owner policy)");
  }
  auto result =
      check_owners(repository, config, base.commit_id, head.commit_id, options.owners, {});
  apply_owner_result(config, result, report);
  return report;
}

}  // namespace perfwarden::gate
