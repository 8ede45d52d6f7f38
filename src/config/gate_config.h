#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/ai_identities.h"
#include "config/hot_paths.h"
#include "config/owners.h"
#include "util/pattern.h"

namespace perfwarden::config {

// How to build one materialised revision: commands run in order in its source directory, argv
// arrays, never shell strings, with {src} and {build} (config/placeholders.h). perfwarden.json
// gives either "steps" (any number: a code-generating or data-copying step needs no wrapper
// script) or the two-step "configure" and "build".
struct BuildRecipe {
  std::vector<std::vector<std::string>> steps;
  // Adds "-g1 -ffile-prefix-map=..." to CFLAGS and CXXFLAGS of every step: line tables let
  // callgrind name the source files a benchmark executes, and mapping the cache entry's paths
  // makes base and head builds of the same code byte-identical. -g does not change the code GCC
  // or Clang generate. "debug_line_tables": false leaves the environment as it is.
  bool line_tables = true;
  // ccache as the compiler launcher of every step (build/compiler_cache.h), so the head build
  // compiles only what the change touched. Not part of the cache key: it changes no output.
  // "compiler_cache": false builds every revision from scratch.
  bool compiler_cache = true;
};

// Which per-iteration time Google Benchmark reports is gated. CPU time by default: it is what
// Google Benchmark itself sizes runs by (unless a benchmark calls UseRealTime), and it ignores the
// preemption that dominates wall-time noise on shared CI runners (paired noise ~1% vs ~15% on a
// loaded 2-core VM, tests/accuracy). Benchmarks that measure waiting (I/O, sleeps, wall-clock
// scaling of threads) set "time": "real_time".
enum class TimeField { kRealTime, kCpuTime };

// One registered Google Benchmark binary.
struct Suite {
  std::string name;
  std::string binary;  // relative to the build directory
  std::string filter;  // passed as --benchmark_filter (Google Benchmark's syntax); empty runs all
  TimeField time_field = TimeField::kCpuTime;
  // How the binary runs, for benchmarks that read data files or take their own flags; all take
  // {src} and {build}. `args` come before perfwarden's own --benchmark_* flags, which are
  // therefore never overridden; `env` is added to perfwarden's environment; the working
  // directory defaults to the binary's own directory.
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_directory;
};

// The time metric gated for `benchmark` of `suite`: "real_time" when the suite says so, or when
// the benchmark asked Google Benchmark for it (UseRealTime() or UseManualTime() append a
// "/real_time" or "/manual_time" component to its name: its own thread's CPU time would miss
// work done in other threads, or on a device, that the author times); else "cpu_time".
std::string_view gated_time_metric(const Suite& suite, std::string_view benchmark);

// A regression threshold: the relative slowdown the gate tolerates (0.05 = 5%).
struct ThresholdRule {
  util::Pattern pattern;  // must match the whole benchmark name
  double threshold;
};

struct Thresholds {
  double default_threshold = 0.03;
  std::vector<ThresholdRule> per_benchmark;  // first full match wins, in file order

  double for_benchmark(std::string_view benchmark_name) const;
};

// The deterministic metric: identical code gives identical counts, so no statistics are needed,
// only a floor below which a change is not worth a line in the report.
struct InstructionThresholds {
  double report = 0.002;  // changes from 0.2% are reported
  double fail = 0.01;     // changes from 1% are regressions
};

// Measurement defaults a project may set; the command line overrides them.
struct MeasureSettings {
  std::vector<int> looks = {10, 15, 20};  // sequential looks, cumulative rounds ("rounds": N = [N])
  int confirmation_rounds = 10;           // fresh rounds re-checking a flagged regression
  double min_time_seconds = 0.05;         // --benchmark_min_time for each process
  std::chrono::seconds timeout{300};      // per benchmark process
  std::optional<std::chrono::seconds> budget;  // caps the primary stage's measuring time
  // "deterministic": "auto" profiles, under callgrind, the benchmarks time did not settle
  // (where valgrind is installed); "off" lets time alone decide.
  bool deterministic = true;
};

// The gate's policy, parsed from perfwarden.json. `origin` says where it came from
// ("perfwarden.json at base 1a2b3c4") so every error names the file.
struct GateConfig {
  std::string origin;
  BuildRecipe build;
  std::vector<Suite> suites;
  Thresholds thresholds;
  InstructionThresholds instructions;
  std::vector<util::Pattern> advisory;  // benchmarks shown but never failing the gate
  MeasureSettings measure;
  Owners owners;
  HotPaths hot_paths;
  AiIdentities ai_identities = default_ai_identities();
  // A benchmark the base has and the head does not (deleted, renamed, filtered out) fails the
  // gate unless an owner waives it; true lets them go (the rule benchmark-gone is off).
  bool allow_gone_benchmarks = false;
  // "placement": "fail" makes the placement verdict block the gate; "advisory" (default) shows it.
  bool placement_fails = false;

  bool is_advisory(std::string_view benchmark_name) const;
};

inline constexpr std::string_view kConfigFileName = "perfwarden.json";

BuildRecipe default_build_recipe();

// Parses and validates. JSON with // and /* */ comments. Throws perfwarden::Error (usage) with
// "<origin>: field '<path>': <problem>" and the fix.
GateConfig parse_gate_config(std::string_view text, std::string_view origin);

}  // namespace perfwarden::config
