#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "bench/benchmark_binary.h"
#include "bench/benchmark_output.h"
#include "bench/side.h"
#include "util/error.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// A benchmark binary is the pull request's code: what it writes is bounded. Any file it writes
// stops at kMaxBenchmarkFileBytes (the process is killed, a crash of the head), and its JSON is
// read only up to kMaxBenchmarkJsonBytes (beyond that, malformed output).
inline constexpr std::uint64_t kMaxBenchmarkFileBytes = 1u << 30;
inline constexpr std::uint64_t kMaxBenchmarkJsonBytes = 64u << 20;

// The JSON a benchmark process wrote to `path`, or "" when it wrote none; nullopt when it is
// larger than kMaxBenchmarkJsonBytes.
std::optional<std::string> read_benchmark_json(const std::filesystem::path& path);

// The same fixed settings for every process of a run, base and head alike.
struct RunSettings {
  double min_time_seconds = 0.05;
  std::chrono::seconds timeout{300};
};

enum class FailureKind {
  kNotBuilt,         // the registered binary is not in the build directory
  kCrashed,          // non-zero exit or killed by a signal
  kTimedOut,         // exceeded the per-process timeout
  kReportedError,    // a benchmark called SkipWithError
  kMalformedOutput,  // not Google Benchmark JSON: the registration is wrong, not the code
};

// A benchmark process that could not produce figures. The gate decides what it means: the
// head's own code at fault fails the gate (exit 1), like a head that does not build; anything on
// the base side, or output that is not Google Benchmark JSON, is infrastructure (exit 3).
class BenchmarkFailure : public Error {
 public:
  BenchmarkFailure(Side side, FailureKind kind, std::string suite, std::string what,
                   std::string detail)
      : Error(ExitCode::kInfrastructure, std::move(what)),
        side_(side),
        kind_(kind),
        suite_(std::move(suite)),
        detail_(std::move(detail)) {}
  Side side() const { return side_; }
  FailureKind kind() const { return kind_; }
  bool head_at_fault() const {
    return side_ == Side::kHead && kind_ != FailureKind::kMalformedOutput;
  }
  const std::string& suite() const { return suite_; }
  const std::string& detail() const { return detail_; }  // e.g. stderr tail

 private:
  Side side_;
  FailureKind kind_;
  std::string suite_;
  std::string detail_;
};

struct BenchmarkRun {
  ParsedOutput output;
  double process_seconds = 0.0;  // from spawn to exit of the benchmark process alone
};

// Runs the binary once as a fresh process, JSON to a private file, and parses it.
BenchmarkRun run_benchmark_binary(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                  const RunSettings& settings);

}  // namespace perfwarden::bench
