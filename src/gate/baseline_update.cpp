#include "gate/baseline_update.h"

#include <algorithm>
#include <ctime>
#include <sstream>

#include "baseline/baseline_store.h"
#include "bench/environment.h"
#include "build/build_cache.h"
#include "config/config_source.h"
#include "gate/revision_measurement.h"
#include "gate/run_settings.h"
#include "git/identity.h"
#include "git/repository.h"
#include "git/revision.h"
#include "report/format.h"
#include "stats/descriptive.h"
#include "util/error.h"
#include "util/terminal.h"
#include "version.h"

namespace perfwarden::gate {
namespace {

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

const config::Person& require_maintainer(const config::GateConfig& config,
                                         const std::string& owner) {
  auto identity = git::parse_identity(owner);
  if (!identity) {
    throw usage_error("--owner '" + owner + "' is not of the form \"Name <email>\"",
                      "e.g. --owner \"Ada Lovelace <ada@example.com>\"");
  }
  const config::Person* person = config.owners.find_by_email(identity->email);
  if (person == nullptr || !person->maintainer) {
    std::string maintainers;
    for (const auto* m : config.owners.maintainers()) {
      maintainers += (maintainers.empty() ? "" : ", ") + m->name + " <" + m->email + ">";
    }
    throw usage_error(owner + " is not a maintainer in " + config.origin,
                      maintainers.empty()
                          ? "add an owner with \"maintainer\": true to perfwarden.json first"
                          : "baselines are refreshed by a maintainer: " + maintainers);
  }
  return *person;
}

// "BM_x: 812 ns -> 790 ns (-2.7%)" per benchmark and metric, against the previous file.
std::string describe_change(const std::optional<baseline::BaselineFile>& previous,
                            const baseline::BaselineFile& next) {
  std::ostringstream out;
  for (const auto& [name, metrics] : next.benchmarks) {
    for (const auto& [metric, values] : metrics) {
      double now = stats::median(values);
      out << "  " << name << " [" << metric << "]: ";
      const baseline::MetricValues* before = nullptr;
      if (previous) {
        auto found = previous->benchmarks.find(name);
        if (found != previous->benchmarks.end()) before = &found->second;
      }
      if (before && before->count(metric)) {
        double then = stats::median(before->at(metric));
        out << report::format_metric_value(metric, then) << " -> "
            << report::format_metric_value(metric, now) << " (" << report::format_change(now / then)
            << ")\n";
      } else {
        out << "new, " << report::format_metric_value(metric, now) << "\n";
      }
    }
  }
  if (previous) {
    for (const auto& [name, metrics] : previous->benchmarks) {
      if (!next.benchmarks.count(name)) out << "  " << name << ": removed\n";
    }
  }
  return out.str();
}

}  // namespace

BaselineUpdateResult run_baseline_update(const BaselineUpdateOptions& options,
                                         util::ProcessRunner& runner, util::Progress& progress) {
  auto repository = git::Repository::open(options.repository);
  git::Revision revision = git::resolve_revision(repository, options.revision);
  config::GateConfig config =
      config::load_gate_config(repository, revision.commit_id, options.config_file);
  const config::Person& owner = require_maintainer(config, options.owner);

  std::filesystem::path output_dir =
      options.output_dir.value_or(repository.workdir() / baseline::kBaselineDirectory);
  if (repository.workdir().empty() && !options.output_dir) {
    throw usage_error("the repository has no worktree to write baselines/ into",
                      "pass --output-dir DIR");
  }

  std::string toolchain = build::detect_toolchain_identity(runner);
  build::BuildCache cache(runner, options.cache_dir, toolchain, options.build_step_timeout,
                          build::cache_limits_from_environment());
  auto built = cache.build(repository, revision, config.build, progress);
  if (!built.ok) {
    throw infrastructure_error("the revision " + revision.spec + " does not build (" +
                                   built.failure.step + " step):\n" + built.failure.log_tail,
                               "baselines are taken from a revision that builds");
  }

  RevisionMeasurementPlan plan;
  plan.rounds = options.rounds;
  plan.time = std::count(options.metrics.begin(), options.metrics.end(), "time") > 0;
  plan.instructions =
      std::count(options.metrics.begin(), options.metrics.end(), "instructions") > 0;
  plan.settings = run_settings(config, options.min_time_seconds, options.timeout);
  RevisionMeasurement measured;
  try {
    measured = measure_revision(runner, {built.build.source_dir, built.build.build_dir}, config,
                                plan, bench::Side::kHead, progress);
  } catch (const bench::BenchmarkFailure& failure) {
    throw infrastructure_error(std::string(failure.what()) + "\n" + failure.detail(),
                               "baselines are taken from a revision whose benchmarks run cleanly");
  }

  bench::EnvironmentFingerprint environment = bench::detect_environment(toolchain);
  std::vector<baseline::BaselineFile> files;
  for (const auto& suite : config.suites) {
    baseline::BaselineFile file;
    file.suite = suite.name;
    file.machine_class = environment.machine_class();
    file.provenance = {revision.commit_id, revision.tree_id, owner.name + " <" + owner.email + ">",
                       utc_now(),          kVersion,         plan.time ? options.rounds : 0,
                       environment};
    for (const auto& [name, metrics] : measured.suites[suite.name]) file.benchmarks[name] = metrics;
    files.push_back(std::move(file));
  }

  // Everything is measured: only now touch the files, each replaced atomically.
  BaselineUpdateResult result;
  std::ostringstream summary;
  baseline::BaselineSource previous_source{nullptr, "", output_dir};
  for (const auto& file : files) {
    auto previous = baseline::load_baseline(previous_source, file.suite, file.machine_class);
    auto path =
        output_dir /
        std::filesystem::path(baseline::baseline_path(file.suite, file.machine_class)).filename();
    summary << (options.dry_run ? "would write " : "wrote ") << path.string() << "\n"
            << describe_change(previous, file);
    if (!options.dry_run) baseline::store_baseline(output_dir, file);
    result.files.push_back(path);
  }
  result.summary = summary.str();
  return result;
}

}  // namespace perfwarden::gate
