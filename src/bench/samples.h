#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace perfwarden::bench {

// Per-round values of one metric: base[i] and head[i] were measured in the same round i,
// moments apart, so their ratio cancels slow drifts of the machine.
struct Series {
  std::vector<double> base;
  std::vector<double> head;
};

// Everything measured for one benchmark. Metric names: "real_time", "cpu_time" (ns/iteration).
struct BenchmarkSamples {
  std::string suite;
  std::string name;
  std::string gated_metric;  // which metric decides the verdict
  bool in_base = false;
  bool in_head = false;
  std::map<std::string, Series> metrics;
  std::map<std::string, double> head_counters;  // last head round's user counters
  // When one side measured it and the other skipped it (SkipWithMessage): that side's message.
  std::string skip_message;
};

struct SampleSet {
  std::vector<BenchmarkSamples> benchmarks;  // suite order, then the binary's order
  int rounds = 0;
  std::uint64_t seed = 0;
  double wall_seconds = 0.0;               // the whole measurement stage
  double benchmark_process_seconds = 0.0;  // inside benchmark processes only
  // By suite, the least time one of its benchmark processes spent outside the benchmarks' own
  // minimum time (process time - benchmarks x min time): its setup, static initialisation and
  // teardown, natively. The deterministic stage's cost estimate.
  std::map<std::string, double> native_setup_seconds;
};

}  // namespace perfwarden::bench
