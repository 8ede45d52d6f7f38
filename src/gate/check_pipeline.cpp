#include "gate/check_pipeline.h"

#include <algorithm>
#include <chrono>

#include "baseline/baseline_store.h"
#include "build/build_cache.h"
#include "config/config_source.h"
#include "gate/build_summary.h"
#include "gate/drift_tier.h"
#include "gate/revision_measurement.h"
#include "gate/run_settings.h"
#include "git/repository.h"
#include "git/revision.h"
#include "util/error.h"
#include "util/terminal.h"
#include "version.h"

namespace perfwarden::gate {

report::Report run_check(const CheckOptions& options, util::ProcessRunner& runner,
                         util::Progress& progress) {
  auto started = std::chrono::steady_clock::now();
  report::Report report;
  report.tool_version = kVersion;
  auto repository = git::Repository::open(options.repository);
  report.repository = repository.workdir().string();
  git::Revision head = git::resolve_revision(repository, options.head_spec);
  git::Revision trusted = git::resolve_revision(repository, options.baseline_revision);
  report.head = {head.spec, head.commit_id, head.tree_id, head.summary, false, 0.0};
  report.base = {
      "baselines at " + (options.baseline_dir ? options.baseline_dir->string() : trusted.spec),
      trusted.commit_id,
      trusted.tree_id,
      trusted.summary,
      false,
      0.0};
  config::GateConfig config =
      config::load_gate_config(repository, trusted.commit_id, options.config_file);

  bool time = std::count(options.metrics.begin(), options.metrics.end(), "time") > 0;
  bool instructions =
      std::count(options.metrics.begin(), options.metrics.end(), "instructions") > 0;
  std::string toolchain = build::detect_toolchain_identity(runner);
  bench::EnvironmentFingerprint environment = bench::detect_environment(toolchain);
  baseline::BaselineSource source{&repository, trusted.commit_id, options.baseline_dir};

  // Refuse before spending minutes measuring: are there baselines, and are timings comparable?
  DriftTier probe =
      compare_head_to_baselines(source, {}, config, environment, options.alpha, time, instructions);
  if (probe.suites_with_baseline == 0) {
    throw infrastructure_error(
        "no stored baselines for machine class " + environment.machine_class() + " at " +
            source.describe(),
        "a maintainer creates them with `perfwarden baseline update --rev REV --owner "
        "\"Name <email>\"`; meanwhile use `perfwarden compare`");
  }
  if (time && !probe.timing_mismatch.empty()) {
    std::string what;
    for (const auto& d : probe.timing_mismatch) what += "\n  " + d;
    throw infrastructure_error(
        "timing baselines were recorded on a different machine; timings are only "
        "comparable on the same one:" +
            what,
        "compare against the base revision on this machine with `perfwarden compare`, "
        "or check instruction counts only with --metric instructions");
  }

  build::BuildCache cache(runner, options.cache_dir, toolchain, options.build_step_timeout,
                          build::cache_limits_from_environment());
  auto built = cache.build(repository, head, config.build, progress);
  if (!built.ok) {
    report.failures.push_back({"the head revision " + head.spec + " does not build",
                               built.failure.step + " step failed (" + built.failure.description +
                                   "):\n" + built.failure.log_tail});
    return report;
  }
  record_build_cost("head", built.build, report.head, progress);
  for (auto& notice : cache.notices()) report.warnings.push_back(std::move(notice));

  RevisionMeasurementPlan plan;
  plan.rounds = options.rounds;
  plan.time = time;
  plan.instructions = instructions;
  plan.settings = run_settings(config, options.min_time_seconds, options.timeout);
  RevisionMeasurement measured;
  try {
    measured = measure_revision(runner, {built.build.source_dir, built.build.build_dir}, config,
                                plan, bench::Side::kHead, progress);
  } catch (const bench::BenchmarkFailure& failure) {
    if (!failure.head_at_fault()) {
      throw infrastructure_error(std::string(failure.what()) + "\n" + failure.detail(),
                                 "register Google Benchmark binaries only");
    }
    report.failures.push_back({failure.what(), failure.detail()});
    return report;
  }

  DriftTier tier = compare_head_to_baselines(source, measured.suites, config, environment,
                                             options.alpha, time, instructions);
  report.benchmarks = std::move(tier.results);
  report.warnings = std::move(tier.warnings);
  report.settings.rounds_run = options.rounds;
  report.settings.alpha = options.alpha;
  report.settings.metrics = options.metrics;
  report.timing.inside_benchmarks_seconds = measured.benchmark_process_seconds;
  report.timing.total_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace perfwarden::gate
