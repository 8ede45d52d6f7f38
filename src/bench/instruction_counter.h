#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/benchmark_process.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// `--metric instructions`: executed instructions of one iteration of each benchmark's own loop,
// counted by valgrind's callgrind (no hardware counters needed, and the same code gives the same
// count on every run and machine with the same valgrind).
//
// How: Google Benchmark runs under callgrind with --benchmark_min_time=1e-9, so each benchmark
// runs one iteration. Callgrind zeroes its counters on entry to State::StartKeepRunning (the
// loop's begin) and dumps them on entry to State::FinishKeepRunning (the loop's end): each dump
// is one loop, matched in order to the JSON rows. The count is the dump's total minus what
// StartKeepRunning itself executed, divided by the row's iterations (1 unless the benchmark fixes
// Iterations() in code). When dumps and rows do not pair up (MinTime or Repetitions set in code
// make Google Benchmark run a loop several times per row), each benchmark gets its own valgrind
// process with an exact-name filter and its last loop is counted. Repeated rows: the median.
//
// Caveats: only the first iteration is counted, so work a benchmark does lazily in its first
// iteration is included and data-dependent variation between iterations is not averaged.
// Code chosen by CPU dispatch sees valgrind's emulated CPU (no AVX-512). Multi-threaded
// benchmarks are refused: valgrind serialises threads and one thread's loop zeroes the others.
struct InstructionCounts {
  // Benchmark name → instructions per iteration, in the order the binary ran them.
  std::vector<std::pair<std::string, double>> per_iteration;
  int valgrind_processes = 0;     // 1, plus one per benchmark when the fallback was needed
  double valgrind_seconds = 0.0;  // wall time of all valgrind processes
};

struct InstructionCountSettings {
  // Per valgrind process; callgrind runs code about 50x slower than native, setup included.
  std::chrono::seconds timeout{1800};
  std::string valgrind = "valgrind";  // the program, looked up on PATH
};

// Throws BenchmarkFailure (kNotBuilt, kCrashed, kTimedOut, kReportedError, or kMalformedOutput
// for output that cannot be attributed, e.g. multi-threaded benchmarks) and perfwarden::Error
// (infrastructure) when valgrind is not installed.
InstructionCounts count_instructions(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                     const InstructionCountSettings& settings);

// "^name$" with POSIX extended regex metacharacters escaped, for --benchmark_filter.
std::string exact_name_filter(std::string_view name);

// Whether perf_event_open can count this process's user-space instructions (false on most VMs).
// TODO: count with perf_event_open where this is true; it is not implemented because no machine
// available to us has the counters, and an untested measurement path would be worse than none.
bool hardware_counters_available();

}  // namespace perfwarden::bench
