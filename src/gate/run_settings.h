#pragma once
// Per-process benchmark settings: the command line's overrides, else the policy's `measure`.

#include <chrono>
#include <optional>

#include "bench/benchmark_process.h"
#include "config/gate_config.h"

namespace perfwarden::gate {

inline bench::RunSettings run_settings(const config::GateConfig& config,
                                       std::optional<double> min_time_seconds,
                                       std::optional<std::chrono::seconds> timeout) {
  return {min_time_seconds.value_or(config.measure.min_time_seconds),
          timeout.value_or(config.measure.timeout)};
}

}  // namespace perfwarden::gate
