#include "gate/calibration.h"

#include <cmath>
#include <random>

#include "bench/round_scheduler.h"
#include "build/build_cache.h"
#include "config/config_source.h"
#include "gate/paired_analysis.h"
#include "gate/run_settings.h"
#include "git/repository.h"
#include "git/revision.h"
#include "stats/descriptive.h"
#include "stats/power.h"
#include "util/error.h"
#include "util/terminal.h"
#include "version.h"

namespace perfwarden::gate {

report::CalibratedBenchmark calibrate_benchmark(const std::string& suite, const std::string& name,
                                                const std::string& metric,
                                                const std::vector<double>& first,
                                                const std::vector<double>& second,
                                                double configured_threshold, int gate_rounds,
                                                double power) {
  report::CalibratedBenchmark b;
  b.suite = suite;
  b.name = name;
  b.metric = metric;
  b.threshold = configured_threshold;
  PairedAnalysis analysis = analyse_pairs(first, second, 0.95);
  b.rounds = analysis.rounds;
  b.paired_cv = analysis.paired_cv;
  std::vector<double> all = first;
  all.insert(all.end(), second.begin(), second.end());
  if (!all.empty()) b.median = stats::median(all);
  double standard_error = stats::shift_standard_error(b.paired_cv, gate_rounds);
  // Thresholds are relative changes; the statistics work on log ratios: convert at the edges.
  double log_threshold = std::log1p(configured_threshold);
  b.detectable = std::expm1(stats::detectable_shift(log_threshold, standard_error, power));
  b.suggested_threshold = stats::suggested_threshold(standard_error);
  b.advisory = b.suggested_threshold > report::kAdvisoryAbove;
  return b;
}

report::CalibrationReport run_calibration(const CalibrateOptions& options,
                                          util::ProcessRunner& runner, util::Progress& progress) {
  report::CalibrationReport report;
  report.tool_version = kVersion;
  report.rounds = options.rounds;
  report.power = options.power;

  auto repository = git::Repository::open(options.repository);
  git::Revision revision = git::resolve_revision(repository, options.revision);
  report.revision = {
      revision.spec, revision.commit_id, revision.tree_id, revision.summary, false, 0.0};
  config::GateConfig config =
      config::load_gate_config(repository, revision.commit_id, options.config_file);
  report.gate_rounds = config.measure.looks.empty() ? options.rounds : config.measure.looks.back();

  build::BuildCache cache(runner, options.cache_dir, build::detect_toolchain_identity(runner),
                          options.build_step_timeout, build::cache_limits_from_environment());
  auto built = cache.build(repository, revision, config.build, progress);
  if (!built.ok) {
    throw infrastructure_error("the revision " + revision.spec + " does not build (" +
                                   built.failure.step + " step, " + built.failure.description +
                                   "):\n" + built.failure.log_tail,
                               "calibrate a revision that builds");
  }
  report.revision.build_reused = built.build.reused;

  std::vector<bench::SuitePair> suites;
  const config::RevisionDirs dirs{built.build.source_dir, built.build.build_dir};
  for (const auto& suite : config.suites) {
    suites.push_back({suite, dirs, dirs});  // A/A: the same binary on both sides
  }
  bench::RoundPlan plan;
  plan.warmup_rounds = options.warmup_rounds;
  plan.planned_rounds = options.rounds;
  plan.seed = options.seed.value_or(std::random_device{}());
  plan.settings = run_settings(config, options.min_time_seconds, options.timeout);
  bench::RoundScheduler scheduler(runner, suites, plan);
  try {
    scheduler.run_warmup(progress);
    while (scheduler.rounds_done() < options.rounds) scheduler.run_round(progress);
  } catch (const bench::BenchmarkFailure& failure) {
    throw infrastructure_error(std::string(failure.what()) + "\n" + failure.detail(),
                               "calibrate a revision whose benchmarks run cleanly");
  }
  progress.clear();

  for (const auto& b : scheduler.samples().benchmarks) {
    const auto& series = b.metrics.at(b.gated_metric);
    report.benchmarks.push_back(calibrate_benchmark(
        b.suite, b.name, b.gated_metric, series.base, series.head,
        config.thresholds.for_benchmark(b.name), report.gate_rounds, options.power));
  }
  if (options.rounds < 10) {
    report.warnings.push_back(
        "only " + std::to_string(options.rounds) +
        " A/A rounds: the noise estimates are rough; use --rounds 20 or more");
  }
  return report;
}

}  // namespace perfwarden::gate
