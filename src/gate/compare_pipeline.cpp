#include "gate/compare_pipeline.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "policy/change_kind.h"

#include "bench/benchmark_list.h"
#include "bench/cpu_features.h"
#include "build/build_cache.h"
#include "config/config_source.h"
#include "gate/benchmark_results.h"
#include "gate/build_summary.h"
#include "gate/dispatch_check.h"
#include "gate/drift_tier.h"
#include "gate/evidence_stage.h"
#include "gate/identical_code.h"
#include "gate/instruction_comparison.h"
#include "gate/owner_check.h"
#include "gate/run_settings.h"
#include "gate/sequential_measurement.h"
#include "gate/shard.h"
#include "git/repository.h"
#include "git/revision.h"
#include "git/tree_diff.h"
#include "util/error.h"
#include "util/find_program.h"
#include "util/human_units.h"
#include "util/terminal.h"
#include "version.h"

namespace perfwarden::gate {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

report::RevisionSummary summarise(const git::Revision& revision) {
  return {revision.spec, revision.commit_id, revision.tree_id, revision.summary, false, 0.0};
}

std::string build_failure_detail(const build::BuildFailure& failure) {
  return failure.step + " step failed (" + failure.description + "); last lines of " +
         failure.log_path.string() + ":\n" + failure.log_tail;
}

// The deterministic stage (gate/evidence_stage.h) for the time results that need it.
void add_evidence(util::ProcessRunner& runner, const std::vector<bench::SuitePair>& suites,
                  const config::GateConfig& config, const std::vector<std::string>& changed_paths,
                  const build::Build& base, const build::Build& head, std::chrono::seconds budget,
                  const std::map<std::string, double>& native_setup_seconds, report::Report& report,
                  util::Progress& progress) {
  if (std::none_of(report.benchmarks.begin(), report.benchmarks.end(), needs_evidence)) return;
  EvidencePlan plan;
  if (!util::find_program(plan.profiler.valgrind)) {
    report.warnings.push_back(
        "valgrind is not installed: time alone decides (no deterministic evidence, no placement "
        "verdict, no 'where it went'); install it with `apt-get install valgrind`");
    return;
  }
  plan.base_source_dir = base.source_dir;
  plan.head_source_dir = head.source_dir;
  plan.base_build_dir = base.build_dir;
  plan.head_build_dir = head.build_dir;
  plan.changed_paths = changed_paths;
  plan.thresholds = config.instructions;
  plan.placement_fails = config.placement_fails;
  plan.parallel_jobs = std::max(1u, std::thread::hardware_concurrency());
  plan.profiler.timeout = budget;
  plan.native_setup_seconds = native_setup_seconds;
  std::vector<std::string> changed_code;
  for (const auto& path : changed_paths) {
    const auto kind = policy::classify_change(path);
    if (kind == policy::ChangeKind::kCode) changed_code.push_back(path);
    if ((kind == policy::ChangeKind::kBuild || kind == policy::ChangeKind::kOther) &&
        plan.placement_blocker.empty()) {
      plan.placement_blocker = "the change also touches " + path + ", which is not source code";
    }
  }
  if (plan.placement_blocker.empty()) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    auto hidden =
        ec ? std::nullopt
           : bench::features_valgrind_hides(runner, plan.profiler.valgrind, self.string());
    plan.placement_blocker =
        hidden ? dispatch_blocker(*hidden, {head.source_dir, base.source_dir}, changed_code)
               : "cannot tell which CPU extensions valgrind emulates";
  }
  EvidenceOutcome outcome =
      add_deterministic_evidence(runner, suites, report.benchmarks, plan, progress);
  report.timing.deterministic_seconds = outcome.wall_seconds;
  report.timing.inside_benchmarks_seconds += outcome.valgrind_seconds;
  report.warnings.insert(report.warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
}

}  // namespace

void note_prune(const build::PruneResult& pruned, const std::filesystem::path& root,
                util::Progress& progress) {
  if (pruned.removed.empty() && pruned.kept_in_use.empty()) return;
  std::uint64_t freed = 0;
  for (const auto& entry : pruned.removed) freed += entry.bytes;
  std::string line =
      "build cache " + root.string() + ": removed " + std::to_string(pruned.removed.size()) +
      " least recently used entr" + (pruned.removed.size() == 1 ? "y" : "ies") + " (" +
      util::format_byte_size(freed) + "), " + util::format_byte_size(pruned.bytes_after) + " left";
  if (!pruned.kept_in_use.empty()) {
    line += "; " + std::to_string(pruned.kept_in_use.size()) +
            " over the limit kept because another run is using them";
  }
  progress.note(line);
}

report::Report run_compare(const CompareOptions& options, util::ProcessRunner& runner,
                           util::Progress& progress) {
  auto started = Clock::now();
  report::Report report;
  report.tool_version = kVersion;

  auto repository = git::Repository::open(options.repository);
  report.repository = repository.workdir().string();
  git::Revision base = git::resolve_revision(repository, options.base_spec);
  git::Revision head = git::resolve_revision(repository, options.head_spec);
  if (options.use_merge_base) {
    std::string merge_base_id = git::merge_base(repository, base.commit_id, head.commit_id);
    base = git::resolve_revision(repository, merge_base_id);
    base.spec = "merge-base(" + options.base_spec + ", " + options.head_spec + ")";
  }
  report.base = summarise(base);
  report.head = summarise(head);

  bool config_introduced = false;
  config::GateConfig config = config::load_gate_config_for_change(
      repository, base.commit_id, head.commit_id, options.config_file, config_introduced);
  if (config_introduced) report.notices.push_back(kIntroducedGateNotice);

  // Builds: base first, because a base that does not build means the PR cannot be judged.
  auto build_started = Clock::now();
  std::string toolchain = build::detect_toolchain_identity(runner);
  build::BuildCache cache(runner, options.cache_dir, toolchain, options.build_step_timeout,
                          options.cache_limits);
  auto base_build = cache.build(repository, base, config.build, progress);
  if (!base_build.ok) {
    throw infrastructure_error("the base revision " + base.spec +
                                   " does not build: " + build_failure_detail(base_build.failure),
                               "fix the base branch first; the pull request cannot be judged "
                               "against a base that does not build");
  }
  // Every way out of the pipeline from here on applies the named-owner policy (findings fail the
  // gate; an owner's waiver accepts a regression), so a head that does not build or whose
  // benchmark crashes still gets its policy findings.
  auto finish = [&]() -> report::Report {
    apply_owner_result(config,
                       check_owners(repository, config, base.commit_id, head.commit_id,
                                    options.owners, MeasuredBenchmarks::of(report)),
                       report);
    for (auto& notice : cache.notices()) report.warnings.push_back(std::move(notice));
    // Both builds are still held, so the prune keeps them whatever the limits.
    if (options.prune_cache) note_prune(cache.prune(), cache.root(), progress);
    report.timing.total_seconds = seconds_since(started);
    return report;
  };
  auto head_build = cache.build(repository, head, config.build, progress);
  record_build_cost("base", base_build.build, report.base, progress);
  report.timing.build_seconds = seconds_since(build_started);
  if (!head_build.ok) {
    report.failures.push_back({"the head revision " + head.spec + " does not build",
                               build_failure_detail(head_build.failure)});
    return finish();
  }
  record_build_cost("head", head_build.build, report.head, progress);

  // Suites whose builds load the same bytes are not measured (gate/identical_code.h).
  std::vector<bench::SuitePair> suites;
  std::vector<report::BenchmarkResult> identical_results;
  config::GateConfig measured_config = config;  // the suites that are measured
  measured_config.suites.clear();
  const std::vector<std::string> changed_paths =
      git::changed_paths(repository, base.commit_id, head.commit_id);
  const bool code_only = change_acts_only_through_code(changed_paths);
  for (const auto& suite : config.suites) {
    bench::SuitePair pair{suite,
                          {base_build.build.source_dir, base_build.build.build_dir},
                          {head_build.build.source_dir, head_build.build.build_dir}};
    std::string why;
    if (code_only &&
        same_loaded_code(pair.binary(bench::Side::kBase).path, pair.binary(bench::Side::kHead).path,
                         base_build.build.build_dir, head_build.build.build_dir, why)) {
      progress.note("suite " + suite.name + ": the base and head builds load the same bytes; " +
                    "not measured");
      try {
        auto names =
            bench::list_benchmarks(runner, pair.binary(bench::Side::kBase),
                                   run_settings(config, options.min_time_seconds, options.timeout));
        for (auto& result : identical_code_results(suite, names, config, options.metrics)) {
          if (options.shard &&
              shard_of(result.suite, result.name, options.shard->count) != options.shard->index)
            continue;
          identical_results.push_back(std::move(result));
        }
        continue;
      } catch (const bench::BenchmarkFailure&) {
        // It cannot even list its benchmarks: measure it, and let that report the failure.
      }
    }
    suites.push_back(std::move(pair));
    measured_config.suites.push_back(suite);
  }
  SequentialPlan plan;
  plan.schedule.looks = config.measure.looks;
  if (options.looks) plan.schedule.looks = *options.looks;
  if (options.rounds) plan.schedule.looks = {*options.rounds};
  plan.confirmation_rounds =
      options.confirmation_rounds.value_or(config.measure.confirmation_rounds);
  plan.budget = options.budget ? options.budget : config.measure.budget;
  plan.alpha = options.alpha;
  plan.thresholds = config.thresholds;
  plan.rounds.warmup_rounds = options.warmup_rounds;
  plan.rounds.seed = options.seed.value_or(std::random_device{}());
  plan.rounds.settings = run_settings(config, options.min_time_seconds, options.timeout);
  report.settings.looks = plan.schedule.looks;
  report.settings.warmup_rounds = plan.rounds.warmup_rounds;
  report.settings.seed = plan.rounds.seed;
  report.settings.alpha = plan.alpha;
  report.settings.min_time_seconds = plan.rounds.settings.min_time_seconds;
  report.settings.metrics = options.metrics;
  report.settings.confirmation_rounds_planned = plan.confirmation_rounds;
  report.shard = options.shard;
  auto wants = [&](const char* metric) {
    return std::find(options.metrics.begin(), options.metrics.end(), metric) !=
           options.metrics.end();
  };

  auto measure_started = Clock::now();
  MeasurementOutcome outcome;
  std::vector<report::BenchmarkResult> instruction_results;
  double valgrind_seconds = 0.0;
  try {
    if (options.shard) {
      ShardSelection selection = select_shard(runner, suites, *options.shard, plan.rounds.settings);
      suites = std::move(selection.suites);
      if (selection.selected == 0) {
        report.warnings.push_back("shard " + std::to_string(options.shard->index) + "/" +
                                  std::to_string(options.shard->count) + " has none of the " +
                                  std::to_string(selection.listed) +
                                  " benchmarks; use fewer shards");
      }
    }
    if (wants("time") && !suites.empty()) {
      outcome = run_sequential_measurement(runner, suites, plan, progress);
    }
    if (wants("instructions") && !suites.empty()) {
      instruction_results =
          compare_instructions(runner, suites, config, progress, valgrind_seconds, report.warnings);
    }
  } catch (const bench::BenchmarkFailure& failure) {
    progress.clear();
    if (!failure.head_at_fault()) {
      throw infrastructure_error(std::string(failure.what()) + "\n" + failure.detail(),
                                 failure.side() == bench::Side::kBase
                                     ? "the base revision's benchmarks must run cleanly here"
                                     : "register Google Benchmark binaries only");
    }
    report.failures.push_back({failure.what(), failure.detail()});
    return finish();
  }
  report.timing.measure_seconds = seconds_since(measure_started);
  report.timing.inside_benchmarks_seconds = outcome.benchmark_process_seconds + valgrind_seconds;
  report.settings.rounds_run = outcome.primary_rounds;
  report.settings.confirmation_rounds = outcome.confirmation_rounds;

  if (wants("time")) {
    TimeResults results = to_benchmark_results(outcome, plan, config);
    report.benchmarks = std::move(results.benchmarks);
    report.warnings.insert(report.warnings.end(), results.warnings.begin(), results.warnings.end());
    if (options.deterministic.value_or(config.measure.deterministic)) {
      try {
        // Half the time the timing took, at least 30 s: evidence must not cost more than that.
        const auto budget = std::chrono::seconds(
            static_cast<long long>(std::max(30.0, 0.5 * seconds_since(measure_started))));
        add_evidence(runner, suites, config, changed_paths, base_build.build, head_build.build,
                     budget, outcome.native_setup_seconds, report, progress);
      } catch (const bench::BenchmarkFailure& failure) {
        report.warnings.push_back("no deterministic evidence: " + std::string(failure.what()));
      }
    }
  }
  report.benchmarks.insert(report.benchmarks.end(), instruction_results.begin(),
                           instruction_results.end());
  report.benchmarks.insert(report.benchmarks.end(), identical_results.begin(),
                           identical_results.end());

  // Second tier: head against the stored baselines of the base revision (cumulative drift).
  HeadValues head_values;
  for (const auto& b : outcome.benchmarks) {
    if (b.in_head) head_values[b.suite].push_back({b.name, {{b.metric, b.head_values}}});
  }
  for (const auto& r : instruction_results) {
    if (r.head_values.empty()) continue;
    auto& suite = head_values[r.suite];
    auto found = std::find_if(suite.begin(), suite.end(),
                              [&](const auto& entry) { return entry.first == r.name; });
    if (found == suite.end()) found = suite.insert(suite.end(), {r.name, {}});
    found->second["instructions"] = r.head_values;
  }
  baseline::BaselineSource baselines{&repository, base.commit_id, options.baseline_dir};
  DriftTier drift = compare_head_to_baselines(baselines, head_values, measured_config,
                                              bench::detect_environment(toolchain), options.alpha,
                                              wants("time"), wants("instructions"));
  for (auto& result : drift.results) {
    // The stored baselines list every benchmark; another shard measures the others.
    if (options.shard &&
        shard_of(result.suite, result.name, options.shard->count) != options.shard->index)
      continue;
    report.benchmarks.push_back(std::move(result));
  }
  report.warnings.insert(report.warnings.end(), drift.warnings.begin(), drift.warnings.end());

  return finish();
}

}  // namespace perfwarden::gate
