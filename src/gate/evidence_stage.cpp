#include "gate/evidence_stage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "build/build_cache.h"
#include "policy/change_kind.h"
#include "util/interrupt.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace fs = std::filesystem;
namespace {

using policy::Verdict;

std::string strip_prefix(const std::string& file, const std::string& prefix) {
  if (prefix.empty() || file.size() <= prefix.size() + 1) return {};
  if (file.compare(0, prefix.size(), prefix) != 0 || file[prefix.size()] != '/') return {};
  return file.substr(prefix.size() + 1);
}

bool inside(const std::string& path, const fs::path& dir) {
  return !strip_prefix(path, dir.string()).empty();
}

// One suite's profiles of both sides (and of the base once more, for repeatability), or why
// there are none.
struct SuiteProfiles {
  std::map<std::string, bench::LoopProfile> base, head, base_again;
  std::set<std::string> not_counted;  // multi-threaded: bench::LoopProfiles::not_counted
  std::string failure;
};

std::map<std::string, bench::LoopProfile> by_name(bench::LoopProfiles profiles) {
  std::map<std::string, bench::LoopProfile> map;
  for (auto& p : profiles.benchmarks) map.emplace(p.name, std::move(p));
  return map;
}

// What the evidence says about executed files: the changed code files either process runs (in
// its loops, or around them: a change to setup or to a static initialiser can change the loop
// through the state it leaves), and whether all of the project's own code had line information.
void executed_files(const bench::LoopProfile& profile, const EvidencePlan& plan,
                    const std::set<std::string>& changed_code,
                    policy::DeterministicEvidence& evidence) {
  auto note = [&](const std::string& file, const char* where) {
    if (file.rfind("???@", 0) == 0) {
      // Code without line information: unknown unless it is outside the project's builds.
      const std::string object = file.substr(4);
      if (object.empty() || inside(object, plan.base_build_dir) ||
          inside(object, plan.head_build_dir) || inside(object, plan.base_source_dir) ||
          inside(object, plan.head_source_dir)) {
        evidence.executed_files_known = false;
      }
      return;
    }
    const std::string path = repository_path(file, plan);
    if (path.empty() || !changed_code.count(path)) return;
    const std::string entry = path + where;
    auto& list = evidence.changed_files_executed;
    if (std::find(list.begin(), list.end(), path) == list.end() &&
        std::find(list.begin(), list.end(), entry) == list.end()) {
      list.push_back(entry);
    }
  };
  for (const auto& file : profile.files) note(file, "");
  for (const auto& file : profile.files_outside_loops) note(file, " (outside the loop)");
}

std::string location(const bench::FunctionCost& site, const EvidencePlan& plan) {
  std::string path = repository_path(site.file, plan);
  if (path.empty()) return {};
  return site.line > 0 ? path + ":" + std::to_string(site.line) : path;
}

// The five functions whose self cost per iteration changed most.
std::vector<policy::FunctionChange> where_it_went(const bench::LoopProfile& base,
                                                  const bench::LoopProfile& head,
                                                  const EvidencePlan& plan) {
  std::map<std::string, policy::FunctionChange> changes;
  for (const auto& [function, ir] : base.function_instructions) changes[function].base = ir;
  for (const auto& [function, ir] : head.function_instructions) changes[function].head = ir;
  std::vector<policy::FunctionChange> list;
  for (auto& [function, change] : changes) {
    if (std::fabs(change.head - change.base) < 0.5) continue;  // not a whole instruction
    change.function = function;
    const auto& sites =
        head.function_sites.count(function) ? head.function_sites : base.function_sites;
    if (auto site = sites.find(function); site != sites.end()) {
      change.location = location(site->second, plan);
    }
    list.push_back(std::move(change));
  }
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    return std::fabs(a.head - a.base) > std::fabs(b.head - b.base);
  });
  if (list.size() > 5) list.resize(5);
  return list;
}

}  // namespace

bool needs_evidence(const report::BenchmarkResult& r) {
  return r.tier == report::Tier::kChange && r.metric != "instructions" &&
         (r.verdict == Verdict::kRegression || r.verdict == Verdict::kImprovement ||
          r.verdict == Verdict::kInconclusive);
}

std::string repository_path(const std::string& file, const EvidencePlan& plan) {
  // ccache's base_dir hands the compiler paths relative to the build directory
  // ("../source/x.cpp"), so line tables may name a file through the mapped build directory
  // ("/perfwarden/build/../source/x.cpp") or relative to it: normalise, then strip the source
  // directory under each of its names.
  fs::path name(file);
  if (name.is_relative()) name = fs::path(build::kMappedBuildDir) / name;
  const std::string normal = name.lexically_normal().string();
  const fs::path source_from_build = plan.head_source_dir.lexically_relative(plan.head_build_dir);
  const std::string mapped_via_build =
      source_from_build.empty()
          ? std::string()
          : (fs::path(build::kMappedBuildDir) / source_from_build).lexically_normal().string();
  for (const std::string& prefix : {std::string(build::kMappedSourceDir), mapped_via_build,
                                    plan.head_source_dir.lexically_normal().string(),
                                    plan.base_source_dir.lexically_normal().string()}) {
    if (auto path = strip_prefix(normal, prefix); !path.empty()) return path;
  }
  return {};
}

EvidenceOutcome add_deterministic_evidence(util::ProcessRunner& runner,
                                           const std::vector<bench::SuitePair>& suites,
                                           std::vector<report::BenchmarkResult>& results,
                                           const EvidencePlan& plan, util::Progress& progress) {
  EvidenceOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  std::set<std::string> changed_code;
  for (const auto& path : plan.changed_paths) {
    if (policy::classify_change(path) == policy::ChangeKind::kCode) changed_code.insert(path);
  }

  // Which benchmarks of which suite need it, and one profiling job per suite and side.
  std::map<std::string, std::vector<std::string>> needed;
  for (const auto& r : results) {
    if (!needs_evidence(r)) continue;
    auto& names = needed[r.suite];
    if (std::find(names.begin(), names.end(), r.name) == names.end()) names.push_back(r.name);
  }
  if (needed.empty()) return outcome;
  std::map<std::string, SuiteProfiles> profiles;
  struct Job {
    std::string suite;
    bench::BenchmarkBinary binary;
    bool repeat = false;  // the base once more, instructions only: is its count repeatable?
  };
  std::vector<Job> jobs;
  const unsigned parallel = std::max(1u, plan.parallel_jobs);
  const double budget = static_cast<double>(plan.profiler.timeout.count());
  double committed = 0.0;  // estimated valgrind seconds of the jobs planned so far
  for (const auto& pair : suites) {
    auto names = needed.find(pair.suite.name);
    if (names == needed.end()) continue;
    // At callgrind's best speed, its setup and the benchmarks' short loops (warm-up and
    // escalation: about three times the min time each).
    auto known = plan.native_setup_seconds.find(pair.suite.name);
    const double setup = known == plan.native_setup_seconds.end() ? 0.0 : known->second;
    const double estimate =
        setup * kCallgrindBestSlowdown +
        3.0 * plan.profiler.min_time_seconds * static_cast<double>(names->second.size());
    if (estimate > budget || (committed + 3.0 * estimate) / parallel > budget) {
      std::ostringstream why;
      why << "profiling would take at least " << std::lround(estimate)
          << " s a process (its setup takes " << std::fixed << std::setprecision(1) << setup
          << " s natively, callgrind runs code " << static_cast<int>(kCallgrindBestSlowdown)
          << "-100x slower), beyond the " << plan.profiler.timeout.count()
          << " s budget (half the timing stage, at least 30 s)";
      profiles[pair.suite.name].failure = why.str();
      continue;
    }
    committed += 3.0 * estimate;
    const std::string filter = bench::exact_names_filter(names->second);
    auto profiled = [&](bench::Side side) {
      bench::BenchmarkBinary binary = pair.binary(side);
      binary.filter = filter;
      return binary;
    };
    jobs.push_back({pair.suite.name, profiled(bench::Side::kBase)});
    jobs.push_back({pair.suite.name, profiled(bench::Side::kHead)});
    jobs.push_back({pair.suite.name, profiled(bench::Side::kBase), true});
    outcome.benchmarks_profiled += static_cast<int>(names->second.size());
  }
  if (!jobs.empty()) {
    progress.note(
        "profiling " + std::to_string(outcome.benchmarks_profiled) +
        " benchmark(s) that time did not settle under valgrind (base, head and the base again, " +
        std::to_string(parallel) + " at a time)");
  }

  // Run the jobs on up to parallel_jobs threads. ProcessRunner::run is re-entrant for the
  // real runner; progress is only written from this thread.
  std::vector<std::future<std::pair<bench::LoopProfiles, std::string>>> running;
  std::vector<std::pair<bench::LoopProfiles, std::string>> done(jobs.size());
  std::size_t next = 0;
  std::vector<std::size_t> slot;
  // One deadline for the whole stage: a job started late gets only what is left of the budget.
  const auto deadline = started + plan.profiler.timeout;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallel) {
      const Job& job = jobs[next];
      bench::ProfilerSettings settings = plan.profiler;
      if (job.repeat) settings.cache_simulation = false;  // it only needs the instructions
      settings.timeout =
          std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(
                                                deadline - std::chrono::steady_clock::now()));
      running.push_back(
          std::async(std::launch::async, [&runner, &plan, settings, binary = job.binary] {
            try {
              return std::make_pair(bench::profile_loops(runner, binary, settings), std::string());
            } catch (const bench::BenchmarkFailure& e) {
              if (e.kind() == bench::FailureKind::kTimedOut) {
                return std::make_pair(bench::LoopProfiles{},
                                      "profiling took longer than its " +
                                          std::to_string(plan.profiler.timeout.count()) +
                                          " s budget (half the timing stage, at least 30 s)");
              }
              return std::make_pair(bench::LoopProfiles{}, std::string(e.what()));
            } catch (const Error& e) {
              return std::make_pair(bench::LoopProfiles{}, std::string(e.what()));
            }
          }));
      slot.push_back(next++);
    }
    done[slot.front()] = running.front().get();
    running.erase(running.begin());
    slot.erase(slot.begin());
  }
  util::throw_if_interrupted();  // Ctrl-C during a job ended it: stop here, not with a warning
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    SuiteProfiles& suite = profiles[jobs[i].suite];
    auto& [measured, failure] = done[i];
    outcome.valgrind_seconds += measured.valgrind_seconds;
    if (!failure.empty()) {
      if (suite.failure.empty()) suite.failure = failure;
      continue;
    }
    suite.not_counted.insert(measured.not_counted.begin(), measured.not_counted.end());
    (jobs[i].repeat                              ? suite.base_again
     : jobs[i].binary.side == bench::Side::kBase ? suite.base
                                                 : suite.head) = by_name(measured);
  }

  for (auto& r : results) {
    if (!needs_evidence(r)) continue;
    const SuiteProfiles& suite = profiles[r.suite];
    auto base = suite.base.find(r.name);
    auto head = suite.head.find(r.name);
    if (!suite.failure.empty() || base == suite.base.end() || head == suite.head.end()) continue;
    policy::DeterministicEvidence e;
    e.base_instructions = base->second.instructions;
    e.head_instructions = head->second.instructions;
    e.base_cycles = base->second.estimated_cycles;
    e.head_cycles = head->second.estimated_cycles;
    e.steady_state = base->second.marginal && head->second.marginal;
    auto again = suite.base_again.find(r.name);
    e.repeatable = again != suite.base_again.end() &&
                   policy::counts_agree(base->second.instructions, again->second.instructions,
                                        plan.thresholds.report);
    e.timer_paused = base->second.pauses_timer || head->second.pauses_timer;
    e.fail_threshold = plan.thresholds.fail;
    e.report_threshold = plan.thresholds.report;
    e.executed_files_known = true;
    executed_files(base->second, plan, changed_code, e);
    executed_files(head->second, plan, changed_code, e);
    e.placement_blocker = plan.placement_blocker;
    e.placement_fails = plan.placement_fails;
    e.where = where_it_went(base->second, head->second, plan);
    e.time_verdict = r.verdict;
    auto decision = policy::apply_evidence(r.verdict, r.reason, e);
    r.verdict = decision.verdict;
    r.reason = decision.reason;
    if (r.verdict == Verdict::kPlacement && !e.placement_fails) r.advisory = true;
    if (r.verdict != Verdict::kRegression) r.waiver.reset();
    r.evidence = std::move(e);
  }
  for (const auto& [name, suite] : profiles) {
    if (!suite.failure.empty()) {
      outcome.warnings.push_back(
          "suite " + name +
          ": no deterministic evidence, its verdicts rest on time alone: " + suite.failure);
    }
    for (const auto& benchmark : suite.not_counted) {
      outcome.warnings.push_back("suite " + name + ": " + benchmark +
                                 " is multi-threaded, so it has no deterministic evidence "
                                 "(callgrind runs one thread at a time): its verdict rests on "
                                 "time alone");
    }
  }
  outcome.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace perfwarden::gate
