#include "gate/bisect_pipeline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "bench/benchmark_list.h"
#include "bench/loop_profiler.h"
#include "build/build_cache.h"
#include "config/config_source.h"
#include "gate/bisect_search.h"
#include "gate/compare_pipeline.h"
#include "gate/paired_analysis.h"
#include "gate/run_settings.h"
#include "git/commit_log.h"
#include "git/repository.h"
#include "git/revision.h"
#include "policy/owner_policy.h"
#include "report/format.h"
#include "util/error.h"
#include "util/interrupt.h"
#include "util/pattern.h"
#include "util/terminal.h"
#include "version.h"

namespace perfwarden::gate {
namespace {

using Clock = std::chrono::steady_clock;
using Values = std::map<std::size_t, std::vector<double>>;  // commit index → per-round values

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The bisected benchmark: one name in one suite.
struct Target {
  config::Suite suite;
  std::string name;
};

// The builds of the searched commits by index (0 good, last bad), each built once on demand.
class CommitBuilds {
 public:
  CommitBuilds(const git::Repository& repository, build::BuildCache& cache,
               const config::BuildRecipe& recipe, std::vector<git::Revision> revisions,
               util::Progress& progress)
      : repository_(repository),
        cache_(cache),
        recipe_(recipe),
        revisions_(std::move(revisions)),
        progress_(progress) {}

  // nullptr when the commit does not build (the reason is in failure(index)).
  const build::Build* get(std::size_t index) {
    auto [entry, fresh] = outcomes_.try_emplace(index);
    if (fresh) {
      util::throw_if_interrupted();
      entry->second = cache_.build(repository_, revisions_[index], recipe_, progress_);
    }
    return entry->second.ok ? &entry->second.build : nullptr;
  }
  const build::BuildFailure& failure(std::size_t index) { return outcomes_.at(index).failure; }
  int attempted() const { return static_cast<int>(outcomes_.size()); }
  const git::Revision& revision(std::size_t index) const { return revisions_[index]; }

 private:
  const git::Repository& repository_;
  build::BuildCache& cache_;
  const config::BuildRecipe& recipe_;
  std::vector<git::Revision> revisions_;
  util::Progress& progress_;
  std::map<std::size_t, build::BuildOutcome> outcomes_;
};

// Answers the search by measuring: interleaved rounds of the target's binary in the builds of
// the commits asked about (time), or one instruction count per build (instructions).
class Measurer : public BisectOracle {
 public:
  Measurer(CommitBuilds& builds, std::size_t last, Target target, const BisectOptions& options,
           const config::GateConfig& config, bool instructions, double min_change,
           util::ProcessRunner& runner, util::Progress& progress)
      : builds_(builds),
        last_(last),
        target_(std::move(target)),
        options_(options),
        instructions_(instructions),
        limit_(std::log1p(min_change)),
        settings_(run_settings(config, options.min_time_seconds, options.timeout)),
        runner_(runner),
        progress_(progress),
        rng_(options.seed.value_or(std::random_device{}())),
        alpha_look_(options.alpha /
                    static_cast<double>(std::max<std::size_t>(1, options.looks.size()))) {}

  bool differ(std::size_t low, std::size_t high) override {
    last_change_ = measure_change(low, high, /*decide=*/true);
    return last_change_ && significant_ && std::abs(std::log(last_change_->ratio)) >= limit_;
  }
  // What the last differ() measured.
  const std::optional<report::MeasuredChange>& last_change() const { return last_change_; }

  ProbeVerdict classify(std::size_t low, std::size_t probe, std::size_t high) override {
    progress_.note("probe " + short_label(probe) + " between " + short_label(low) + " and " +
                   short_label(high));
    if (!runs(low) || !runs(high)) {
      throw infrastructure_error("a commit measured before does not run any more: " +
                                 broken_[runs(low) ? high : low]);
    }
    if (!runs(probe)) return ProbeVerdict::kUnbuildable;
    ProbeVerdict verdict =
        instructions_ ? classify_counts(low, probe, high) : classify_times(low, probe, high);
    progress_.note(std::string("  ") + describe(verdict));
    return verdict;
  }

  // The change low → high; nullopt when either does not run. `decide`: look by look until it is
  // clearly a change or clearly none; else the first look's rounds, for the figure alone.
  std::optional<report::MeasuredChange> measure_change(std::size_t low, std::size_t high,
                                                       bool decide = false) {
    significant_ = false;
    if (!runs(low) || !runs(high)) return std::nullopt;
    if (instructions_) {
      significant_ = true;
      return report::MeasuredChange{counts_[high] / counts_[low], counts_[high] / counts_[low],
                                    counts_[high] / counts_[low], 1};
    }
    Values values;
    warm_up({low, high});
    PairedAnalysis pair;
    for (int look : options_.looks) {
      if (!run_rounds({low, high}, look, values)) return std::nullopt;
      pair = analyse_pairs(values[low], values[high], 1.0 - alpha_look_);
      significant_ = pair.p_value < alpha_look_;
      if (!decide) break;
      if (significant_ && std::abs(std::log(pair.ratio)) >= limit_) break;
      if (std::log(pair.ci_high) < limit_ && std::log(pair.ci_low) > -limit_) break;  // no change
      if (budget_spent()) break;
    }
    return change_of(pair);
  }

  bool runs(std::size_t index) {
    if (broken_.count(index)) return false;
    if (!builds_.get(index)) {
      const auto& failure = builds_.failure(index);
      broken_[index] = failure.step + " step failed (" + failure.description + ")";
      progress_.note("  " + short_label(index) + " does not build: " + broken_[index]);
      return false;
    }
    if (instructions_ && !counts_.count(index)) return count(index);
    return true;
  }
  const std::map<std::size_t, std::string>& broken() const { return broken_; }
  int rounds() const { return rounds_; }
  bool budget_exhausted() const { return budget_exhausted_; }

 private:
  static const char* describe(ProbeVerdict verdict) {
    switch (verdict) {
      case ProbeVerdict::kLikeLow:
        return "like the good side";
      case ProbeVerdict::kLikeHigh:
        return "like the bad side";
      case ProbeVerdict::kBetween:
        return "different from both: a change on each side";
      case ProbeVerdict::kUndecided:
        return "undecided";
      case ProbeVerdict::kUnbuildable:
        return "does not build or run";
    }
    return "";
  }

  std::string short_label(std::size_t index) const {
    return report::short_id(builds_.revision(index).commit_id) + " (#" + std::to_string(index) +
           ")";
  }

  bench::BenchmarkBinary binary(std::size_t index) {
    const build::Build* build = builds_.get(index);
    bench::BenchmarkBinary binary =
        bench::suite_binary(index == 0 ? bench::Side::kBase : bench::Side::kHead, target_.suite,
                            {build->source_dir, build->build_dir});
    binary.filter = bench::exact_names_filter({target_.name});
    return binary;
  }

  bool count(std::size_t index) {
    bench::ProfilerSettings settings{.cache_simulation = false};
    try {
      auto profiles = bench::profile_loops(runner_, binary(index), settings);
      for (const auto& profile : profiles.benchmarks) {
        if (profile.name == target_.name) counts_[index] = profile.instructions;
      }
      ++rounds_;
    } catch (const bench::BenchmarkFailure& failure) {
      broken_[index] = failure.what();
    }
    if (!counts_.count(index) && !broken_.count(index))
      broken_[index] = "it has no benchmark " + target_.name;
    return counts_.count(index) > 0;
  }

  ProbeVerdict classify_counts(std::size_t low, std::size_t probe, std::size_t high) {
    const double from_low = std::log(counts_[probe] / counts_[low]);
    const double to_high = std::log(counts_[high] / counts_[probe]);
    const bool low_differs = std::abs(from_low) >= limit_;
    const bool high_differs = std::abs(to_high) >= limit_;
    if (low_differs && high_differs) return ProbeVerdict::kBetween;
    if (low_differs != high_differs)
      return low_differs ? ProbeVerdict::kLikeHigh : ProbeVerdict::kLikeLow;
    return std::abs(from_low) <= std::abs(to_high) ? ProbeVerdict::kLikeLow
                                                   : ProbeVerdict::kLikeHigh;
  }

  ProbeVerdict classify_times(std::size_t low, std::size_t probe, std::size_t high) {
    Values values;
    warm_up({low, probe, high});
    bool low_differs = false;
    bool high_differs = false;
    for (int look : options_.looks) {
      if (!run_rounds({low, probe, high}, look, values)) return ProbeVerdict::kUnbuildable;
      const PairedAnalysis a = analyse_pairs(values[low], values[probe], 1.0 - alpha_look_);
      const PairedAnalysis b = analyse_pairs(values[probe], values[high], 1.0 - alpha_look_);
      low_differs = a.p_value < alpha_look_ && std::abs(std::log(a.ratio)) >= limit_;
      high_differs = b.p_value < alpha_look_ && std::abs(std::log(b.ratio)) >= limit_;
      const bool low_same = std::log(a.ci_high) < limit_ && std::log(a.ci_low) > -limit_;
      const bool high_same = std::log(b.ci_high) < limit_ && std::log(b.ci_low) > -limit_;
      if (low_differs && high_differs) return ProbeVerdict::kBetween;
      if (low_same && high_differs) return ProbeVerdict::kLikeLow;
      if (low_differs && high_same) return ProbeVerdict::kLikeHigh;
      if (budget_spent()) break;
    }
    // The last look: one side's difference decides, without proof that the other is the same.
    if (low_differs != high_differs)
      return low_differs ? ProbeVerdict::kLikeHigh : ProbeVerdict::kLikeLow;
    return ProbeVerdict::kUndecided;
  }

  void warm_up(const std::vector<std::size_t>& indices) {
    Values discarded;
    run_rounds(indices, 1, discarded, /*counted=*/false);
  }

  // Rounds until `values` holds `rounds` per index, each round in a fresh random order; false
  // when a probe's process fails (the ends' failures are the bisect's own and throw).
  bool run_rounds(const std::vector<std::size_t>& indices, int rounds, Values& values,
                  bool counted = true) {
    std::vector<std::size_t> order = indices;
    while (static_cast<int>(values[indices.front()].size()) < rounds) {
      if (counted && budget_spent()) return true;
      util::throw_if_interrupted();
      std::shuffle(order.begin(), order.end(), rng_);
      for (std::size_t index : order) {
        const auto started = Clock::now();
        try {
          bench::BenchmarkRun run = bench::run_benchmark_binary(runner_, binary(index), settings_);
          bool found = false;
          for (const auto& m : run.output.measurements) {
            if (m.name != target_.name) continue;
            values[index].push_back(config::gated_time_metric(target_.suite, target_.name) ==
                                            "real_time"
                                        ? m.real_time_ns
                                        : m.cpu_time_ns);
            found = true;
          }
          if (!found)
            throw bench::BenchmarkFailure(bench::Side::kHead, bench::FailureKind::kCrashed,
                                          target_.suite.name, "it has no benchmark " + target_.name,
                                          "");
        } catch (const bench::BenchmarkFailure& failure) {
          if (index == 0 || index == last_) {
            throw infrastructure_error("the " + std::string(index == 0 ? "good" : "bad") +
                                           " revision's benchmark does not run: " + failure.what(),
                                       failure.detail());
          }
          broken_[index] = failure.what();
          return false;
        }
        measuring_seconds_ += seconds_since(started);
      }
      if (!counted) break;
      ++rounds_;
    }
    return true;
  }

  bool budget_spent() {
    if (!options_.budget || measuring_seconds_ < static_cast<double>(options_.budget->count()))
      return false;
    budget_exhausted_ = true;
    return true;
  }

  static report::MeasuredChange change_of(const PairedAnalysis& pair) {
    return {pair.ratio, pair.ci_low, pair.ci_high, pair.rounds};
  }

  CommitBuilds& builds_;
  std::size_t last_;  // the bad end's index
  Target target_;
  const BisectOptions& options_;
  bool instructions_;
  double limit_;  // log(1 + min_change)
  bench::RunSettings settings_;
  util::ProcessRunner& runner_;
  util::Progress& progress_;
  std::mt19937_64 rng_;
  double alpha_look_;
  std::optional<report::MeasuredChange> last_change_;
  std::map<std::size_t, double> counts_;
  std::map<std::size_t, std::string> broken_;
  bool significant_ = false;
  double measuring_seconds_ = 0.0;
  bool budget_exhausted_ = false;
  int rounds_ = 0;
};

report::BisectCommit describe_commit(const git::CommitInfo& commit,
                                     const config::GateConfig& config) {
  report::BisectCommit described{.id = commit.id,
                                 .subject = commit.subject(),
                                 .author = commit.author_name + " <" + commit.author_email + ">",
                                 .ai_evidence = policy::ai_evidence(config.ai_identities, commit)};
  std::set<std::string> owners;
  for (const auto& path : commit.changed_paths) {
    const config::HotPathRule* rule = config.hot_paths.rule_for(path);
    if (!rule || rule->owners.empty()) continue;
    described.hot_paths.push_back(path);
    for (const auto& email : rule->owners) {
      const config::Person* person = config.owners.find_by_email(email);
      owners.insert(person ? person->name + " <" + person->email + ">" : email);
    }
  }
  described.owners.assign(owners.begin(), owners.end());
  return described;
}

// The benchmarks the pattern selects that both ends have, by suite.
std::vector<Target> matching_targets(util::ProcessRunner& runner, const config::GateConfig& config,
                                     const util::Pattern& pattern, const build::Build& good,
                                     const build::Build& bad, const bench::RunSettings& settings,
                                     std::vector<std::string>& available) {
  std::vector<Target> targets;
  for (const auto& suite : config.suites) {
    std::set<std::string> in_bad;
    try {
      for (auto& name : bench::list_benchmarks(
               runner,
               bench::suite_binary(bench::Side::kHead, suite, {bad.source_dir, bad.build_dir}),
               settings))
        in_bad.insert(std::move(name));
      for (const auto& name : bench::list_benchmarks(
               runner,
               bench::suite_binary(bench::Side::kBase, suite, {good.source_dir, good.build_dir}),
               settings)) {
        if (available.size() < 20) available.push_back(suite.name + "/" + name);
        if (in_bad.count(name) && pattern.matches(name)) targets.push_back({suite, name});
      }
    } catch (const bench::BenchmarkFailure& failure) {
      throw infrastructure_error(std::string("listing the benchmarks failed: ") + failure.what(),
                                 failure.detail());
    }
  }
  return targets;
}

}  // namespace

report::BisectReport run_bisect(const BisectOptions& options, util::ProcessRunner& runner,
                                util::Progress& progress) {
  const auto started = Clock::now();
  if (options.metric != "time" && options.metric != "instructions") {
    throw usage_error("--metric " + options.metric + " is not one bisect measures",
                      "use time or instructions");
  }
  if (options.looks.empty() || !std::is_sorted(options.looks.begin(), options.looks.end()) ||
      options.looks.front() < 3) {
    throw usage_error("--looks must increase from at least 3 rounds", "e.g. --looks 10,20,30");
  }
  std::string problem;
  auto pattern = util::Pattern::compile(options.benchmark, problem);
  if (!pattern) {
    throw usage_error("--benchmark '" + options.benchmark + "' is not a pattern: " + problem,
                      "give an RE2 pattern over whole benchmark names, e.g. 'BM_Lookup/.*'");
  }

  report::BisectReport report;
  report.tool_version = kVersion;
  auto repository = git::Repository::open(options.repository);
  report.repository = repository.workdir().string();
  const git::Revision good = git::resolve_revision(repository, options.good_spec);
  const git::Revision bad = git::resolve_revision(repository, options.bad_spec);
  report.good = {good.spec, good.commit_id, good.tree_id, good.summary};
  report.bad = {bad.spec, bad.commit_id, bad.tree_id, bad.summary};
  if (good.commit_id == bad.commit_id)
    throw usage_error("--good and --bad are the same commit", "give a bad revision after good");
  const std::vector<git::CommitInfo> commits =
      git::first_parent_commits(repository, good.commit_id, bad.commit_id);
  report.commits = static_cast<int>(commits.size());
  // The policy of the good revision: the older, trusted end (or a maintainer's file).
  const config::GateConfig config =
      config::load_gate_config(repository, good.commit_id, options.config_file);

  std::vector<git::Revision> revisions = {good};
  for (const auto& commit : commits) {
    git::Revision revision = git::resolve_revision(repository, commit.id);
    revision.spec = report::short_id(commit.id);
    revisions.push_back(std::move(revision));
  }
  revisions.back().spec = bad.spec;
  const std::size_t last = revisions.size() - 1;

  build::BuildCache cache(runner, options.cache_dir, build::detect_toolchain_identity(runner),
                          options.build_step_timeout, options.cache_limits);
  CommitBuilds builds(repository, cache, config.build, revisions, progress);
  for (std::size_t end : {std::size_t{0}, last}) {
    if (!builds.get(end)) {
      const auto& failure = builds.failure(end);
      throw infrastructure_error("the " + std::string(end == 0 ? "good" : "bad") +
                                     " revision does not build (" + failure.step + " step, " +
                                     failure.description + "):\n" + failure.log_tail,
                                 "bisect between revisions that build");
    }
  }

  const bench::RunSettings settings =
      run_settings(config, options.min_time_seconds, options.timeout);
  std::vector<std::string> available;
  std::vector<Target> targets = matching_targets(runner, config, *pattern, *builds.get(0),
                                                 *builds.get(last), settings, available);
  if (targets.empty()) {
    std::string listed;
    for (const auto& name : available) listed += "\n  " + name;
    throw usage_error("no benchmark that both good and bad have matches '" + options.benchmark +
                          "'" + (listed.empty() ? "" : "; they have:" + listed),
                      "give --benchmark a pattern over whole names (RE2), e.g. 'BM_Lookup.*'");
  }

  // The benchmark to bisect: of those selected, the one good and bad differ most in.
  const bool instructions = options.metric == "instructions";
  struct Candidate {
    Target target;
    std::unique_ptr<Measurer> measurer;  // keeps what it measured (counts) for the search
    double min_change = 0.0;
    bool differs = false;
    report::MeasuredChange change;
  };
  std::optional<Candidate> best;
  for (const auto& target : targets) {
    Candidate candidate{target};
    candidate.min_change = options.min_change.value_or(
        instructions ? config.instructions.report : config.thresholds.for_benchmark(target.name));
    progress.note("measuring " + target.suite.name + "/" + target.name + ": good against bad");
    candidate.measurer =
        std::make_unique<Measurer>(builds, last, target, options, config, instructions,
                                   candidate.min_change, runner, progress);
    candidate.differs = candidate.measurer->differ(0, last);
    candidate.change = candidate.measurer->last_change().value_or(report::MeasuredChange{});
    auto size = [](const Candidate& c) { return std::abs(std::log(c.change.ratio)); };
    const bool better = !best || (candidate.differs && !best->differs) ||
                        (candidate.differs == best->differs && size(candidate) > size(*best));
    if (best) {
      const Candidate& other = better ? *best : candidate;
      report.also_matched.push_back(other.target.suite.name + "/" + other.target.name);
      report.rounds += other.measurer->rounds();
    }
    if (better) best = std::move(candidate);
  }
  report.suite = best->target.suite.name;
  report.benchmark = best->target.name;
  report.different = best->differs;
  report.total = best->change;
  report.min_change = best->min_change;
  Measurer& chosen = *best->measurer;
  report.metric =
      instructions ? "instructions"
                   : std::string(config::gated_time_metric(best->target.suite, best->target.name));

  if (report.different) {
    progress.note("bisecting " + report.suite + "/" + report.benchmark + " (" +
                  report::format_change(report.total.ratio) + ") over " +
                  std::to_string(commits.size()) + " commits");
    BisectSearch search = bisect_search(last, chosen, options.max_steps);
    report.probes = search.probes;
    report.step_limit_reached = search.step_limit_reached;
    for (const BisectStep& step : search.steps) {
      report::BisectStepResult result;
      result.resolved = step.resolved();
      result.undecided = step.undecided;
      result.probes = step.probes;
      result.last_good = revisions[step.low].commit_id;
      for (std::size_t i = step.low + 1; i <= step.high; ++i) {
        report::BisectCommit described = describe_commit(commits[i - 1], config);
        if (i == step.low + 1) result.culprit = described;
        if (!result.resolved) result.candidates.push_back(std::move(described));
      }
      for (std::size_t i : step.unbuildable) result.unbuildable.push_back(revisions[i].commit_id);
      if (auto change = chosen.measure_change(step.low, step.high)) result.change = *change;
      report.steps.push_back(std::move(result));
    }
    report.rounds += chosen.rounds();
    if (chosen.budget_exhausted())
      report.warnings.push_back("the --budget ran out: probes after it are undecided");
  }
  report.builds = builds.attempted();
  // Every build is still held, so the prune keeps this bisect's entries whatever the limits.
  note_prune(cache.prune(), cache.root(), progress);
  for (auto& notice : cache.notices()) report.warnings.push_back(std::move(notice));
  report.seconds = seconds_since(started);
  return report;
}

}  // namespace perfwarden::gate
