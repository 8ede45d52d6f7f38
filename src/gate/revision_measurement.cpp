#include "gate/revision_measurement.h"

#include "bench/loop_profiler.h"
#include "util/terminal.h"

namespace perfwarden::gate {

RevisionMeasurement measure_revision(util::ProcessRunner& runner, const config::RevisionDirs& dirs,
                                     const config::GateConfig& config,
                                     const RevisionMeasurementPlan& plan, bench::Side side,
                                     util::Progress& progress) {
  RevisionMeasurement measurement;
  for (const auto& suite : config.suites) {
    const bench::BenchmarkBinary binary = bench::suite_binary(side, suite, dirs);
    auto& benchmarks = measurement.suites[suite.name];
    auto entry = [&](const std::string& name) -> baseline::MetricValues& {
      for (auto& [existing, metrics] : benchmarks) {
        if (existing == name) return metrics;
      }
      benchmarks.push_back({name, {}});
      return benchmarks.back().second;
    };
    if (plan.time) {
      for (int round = -plan.warmup_rounds; round < plan.rounds; ++round) {
        progress.update("suite " + suite.name + ": round " +
                        std::to_string(std::max(round + 1, 0)) + "/" + std::to_string(plan.rounds) +
                        (round < 0 ? " (warm-up)" : ""));
        auto run = bench::run_benchmark_binary(runner, binary, plan.settings);
        if (!run.output.errors.empty()) {
          throw bench::BenchmarkFailure(side, bench::FailureKind::kReportedError, suite.name,
                                        "suite '" + suite.name + "': a benchmark reported an error",
                                        run.output.errors.front());
        }
        measurement.benchmark_process_seconds += run.process_seconds;
        if (round < 0) continue;
        for (const auto& m : run.output.measurements) {
          auto& metrics = entry(m.name);
          metrics["real_time"].push_back(m.real_time_ns);
          metrics["cpu_time"].push_back(m.cpu_time_ns);
        }
      }
    }
    if (plan.instructions) {
      progress.note("counting instructions under valgrind: suite " + suite.name);
      auto profiled =
          bench::profile_loops(runner, binary, bench::ProfilerSettings{.cache_simulation = false});
      measurement.benchmark_process_seconds += profiled.valgrind_seconds;
      for (const auto& p : profiled.benchmarks) entry(p.name)["instructions"] = {p.instructions};
    }
  }
  progress.clear();
  return measurement;
}

}  // namespace perfwarden::gate
