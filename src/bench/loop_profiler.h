#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bench/benchmark_process.h"
#include "bench/callgrind_output.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// The deterministic profile of each benchmark's timed loop under valgrind's callgrind: what one
// more iteration costs in the steady state (instructions, and an estimate of cycles from the
// cache simulation), which functions that cost is spent in, and which source files the loop
// executes. Identical code gives identical figures on every run (no hardware counters needed).
//
// How. One callgrind process runs the binary with --benchmark_min_warmup_time=1e-9 and a short
// --benchmark_min_time (under valgrind). Callgrind zeroes its counters where a loop starts
// (State::StartKeepRunning) and dumps them where it ends (State::FinishKeepRunning), and dumps
// once more where Google Benchmark reports a benchmark (JSONReporter::ReportRuns): that dump
// separates one benchmark's loops from the next; a dump where each loop starts records what ran
// around the loops (static initialisation, setup, teardown). Each benchmark then runs:
//   one warm-up loop of one iteration, which absorbs work done once per process (static
//   caches, first allocations, lazy initialisation);
//   measured loops of 1, 10, 100, ... N iterations (Google Benchmark's escalation, N in the
//   JSON), each a fresh call of the benchmark function, so work done once per call (an object
//   built before the loop and filled on first use) is in every one of them.
// The steady-state cost per iteration is the marginal one, (C(N) - C(1)) / (N - 1): what is paid
// once per loop or once per process cancels. Where the benchmark fixes its iterations
// ("/iterations:" in its name), or one iteration already outlasts the min time (one measured
// loop), it is the loop's cost (minus StartKeepRunning's own) divided by its iterations.
//
// Caveats: code chosen by CPU dispatch sees valgrind's emulated CPU (no AVX-512); multi-threaded
// benchmarks are refused (valgrind serialises threads and one thread's loop zeroes the others);
// Google Benchmark before 1.7 has no warm-up, so there once-per-process work biases the marginal
// cost by -W/(N-1).
struct LoopProfile {
  std::string name;
  double instructions = 0.0;  // per iteration, steady state
  double estimated_cycles =
      0.0;                    // per iteration (EventCosts::estimated_cycles); 0 without cache sim
  bool marginal = false;      // from two loop lengths; false: one loop's average
  double iterations = 0.0;    // of the longest loop
  double warmup_extra = 0.0;  // instructions the warm-up's iteration spent beyond a steady one
  std::map<std::string, double> function_instructions;  // self Ir per iteration, by function
  std::map<std::string, FunctionCost> function_sites;   // where each function is (file, line)
  // Source files with cost in any of its timed loops, and those run outside them in its process:
  // static initialisation, main, its setup and teardown ("???@object" without line info).
  std::set<std::string> files;
  std::set<std::string> files_outside_loops;
  // Its timed loop calls State::PauseTiming: the count includes the work done while the timer
  // was paused (per-iteration setup), which its time excludes.
  bool pauses_timer = false;
};

struct LoopProfiles {
  std::vector<LoopProfile> benchmarks;  // in the order the binary ran them
  // Benchmarks that ran but get no count: multi-threaded ones ("BM_X/threads:2"), because
  // callgrind runs one thread at a time, so a count would hold valgrind's scheduling of them.
  std::vector<std::string> not_counted;
  int valgrind_processes = 0;
  double valgrind_seconds = 0.0;  // wall time of all valgrind processes
};

struct ProfilerSettings {
  // Per valgrind process; callgrind runs code 20-100x slower than native (more for vector code
  // it emulates), setup included.
  std::chrono::seconds timeout{1800};
  std::string valgrind = "valgrind";  // the program, looked up on PATH
  bool cache_simulation = true;       // --cache-sim=yes, for estimated cycles (about 2x slower)
  double min_time_seconds = 0.2;      // --benchmark_min_time under valgrind: the escalation's end
};

// Profiles the benchmarks `binary.filter` selects. Throws BenchmarkFailure (kNotBuilt, kCrashed,
// kTimedOut, kReportedError, or kMalformedOutput for output that cannot be attributed) and
// perfwarden::Error (infrastructure) when valgrind is missing.
LoopProfiles profile_loops(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                           const ProfilerSettings& settings);

// "^name$" / "^(a|b)$" with POSIX extended regex metacharacters escaped, for --benchmark_filter.
std::string exact_name_filter(std::string_view name);
std::string exact_names_filter(const std::vector<std::string>& names);

// Whether perf_event_open can count this process's user-space instructions (false on most VMs).
// Not used for measuring: no machine available to us has the counters, and an untested
// measurement path would be worse than none.
bool hardware_counters_available();

}  // namespace perfwarden::bench
