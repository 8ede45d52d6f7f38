#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/evidence.h"
#include "policy/verdict.h"
#include "util/exit_code.h"

namespace perfwarden::report {

// The one value every renderer turns into bytes. Rendering never computes: every figure a
// renderer shows is a field here, so the terminal, Markdown, JSON, JUnit and HTML always agree.

// The fresh rounds that re-checked a flagged regression.
struct ConfirmationResult {
  int rounds = 0;
  double ratio = 1.0;
  double ci_low = 1.0;
  double ci_high = 1.0;
  double p_adjusted = 1.0;
  bool confirmed = false;
};

// A regression accepted by an owner of the benchmark's hot path (Perf-Waiver trailer).
struct Waiver {
  std::string pattern;  // the benchmark regex the trailer names
  std::string reason;
  std::string owner;  // "Name <email>"
  std::string commit;
};

// Which comparison a result belongs to.
enum class Tier {
  kChange,  // base revision -> head revision (this pull request's own change)
  kDrift,   // stored baseline -> head revision (cumulative change since the baseline)
};

struct BenchmarkResult {
  std::string suite;
  std::string name;    // untrusted (comes from the head's binary): escape when rendering
  std::string metric;  // "real_time", "cpu_time" (ns per iteration) or "instructions"
  policy::Verdict verdict = policy::Verdict::kInconclusive;
  bool advisory = false;     // too noisy to gate (config "advisory"): shown, never fails the gate
  double threshold = 0.0;    // relative, 0.05 = 5%
  double base_median = 0.0;  // ns per iteration
  double head_median = 0.0;
  double ratio = 1.0;  // head/base, Hodges–Lehmann estimate of the per-round ratio
  double ci_low = 1.0;
  double ci_high = 1.0;
  double confidence = 0.95;  // achieved confidence of [ci_low, ci_high]
  double p_value = 1.0;      // Wilcoxon signed-rank, two-sided
  double p_adjusted = 1.0;   // Benjamini–Hochberg across all benchmarks of the run
  int rounds = 0;
  double paired_cv = 0.0;  // standard deviation of the per-round log ratios
  std::optional<ConfirmationResult> confirmation;
  std::vector<double> base_values;  // per round
  std::vector<double> head_values;
  std::string reason;  // one sentence why this verdict
  Tier tier = Tier::kChange;
  std::optional<Waiver> waiver;             // set: an accepted regression, does not fail the gate
  std::vector<std::string> hot_path_files;  // changed files of the hot paths mapped to it
  // A regression no waiver accepted: the owners ("Name <email>") whose Perf-Waiver would.
  std::vector<std::string> waivable_by;
  // Callgrind's figures for the base and the head, where time alone did not settle it.
  std::optional<policy::DeterministicEvidence> evidence;
};

// A violation of the named-owner policy (or another non-benchmark rule), with its fix.
struct PolicyFinding {
  std::string rule;    // stable id, e.g. "owner-required"
  std::string commit;  // the commit it concerns, if one
  std::vector<std::string> paths;
  std::string message;  // untrusted parts (names, trailers) included: escape when rendering
  std::string fix;
};

struct RevisionSummary {
  std::string spec;
  std::string commit;
  std::string tree;
  std::string summary;  // untrusted commit subject
  bool build_reused = false;
  double build_seconds = 0.0;
  bool build_compiler_cache = false;  // compiled through ccache
  int build_objects_from_cache = 0;   // compilations ccache served
  int build_objects_compiled = 0;     // compilations the compiler ran
};

// Something that fails the gate besides a regression, e.g. the head does not build.
struct Failure {
  std::string title;
  std::string detail;  // e.g. the last lines of a build log
};

struct Settings {
  std::vector<int> looks;       // sequential looks (cumulative rounds)
  int rounds_run = 0;           // primary-stage rounds actually run
  int confirmation_rounds = 0;  // fresh rounds run to confirm flagged regressions
  int warmup_rounds = 0;
  std::vector<std::string> metrics;
  std::uint64_t seed = 0;
  double alpha = 0.05;
  double min_time_seconds = 0.0;
  int confirmation_rounds_planned = 0;  // per flagged regression; 0: confirmation disabled
};

struct Timing {
  double total_seconds = 0.0;
  double build_seconds = 0.0;
  double measure_seconds = 0.0;
  double inside_benchmarks_seconds = 0.0;
  double deterministic_seconds = 0.0;  // wall time of the callgrind stage (part of measuring)
};

// One of N disjoint parts of the benchmarks (compare --shard K/N); `perfwarden merge` joins them.
struct Shard {
  int index = 1;  // K, from 1
  int count = 1;  // N
};

struct Report {
  std::string tool_version;
  std::string repository;
  RevisionSummary base;
  RevisionSummary head;
  std::vector<BenchmarkResult> benchmarks;
  std::vector<Failure> failures;
  std::vector<PolicyFinding> findings;  // each fails the gate
  std::vector<std::string> warnings;
  // What a reader must know before the results (shown at the top of every report), e.g. that
  // this change introduces the gate and its own config was used.
  std::vector<std::string> notices;
  Settings settings;
  Timing timing;
  std::optional<Shard> shard;  // set: this report covers only its shard's benchmarks

  int count(policy::Verdict verdict) const;
  // Regressions that fail the gate: advisory and waived ones are reported but never block.
  int blocking_regressions() const;
  bool passed() const {
    return failures.empty() && findings.empty() && blocking_regressions() == 0;
  }
  ExitCode exit_code() const { return passed() ? ExitCode::kPass : ExitCode::kGateFailed; }
};

std::string_view to_string(Tier tier);  // "change", "drift"

}  // namespace perfwarden::report
