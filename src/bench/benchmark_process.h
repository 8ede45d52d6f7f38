#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "bench/benchmark_output.h"
#include "bench/side.h"
#include "util/error.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// One registered benchmark binary of one build.
struct BenchmarkBinary {
  Side side = Side::kBase;
  std::string suite;
  std::filesystem::path path;
  std::string filter;
};

// The same fixed settings for every process of a run, base and head alike.
struct RunSettings {
  double min_time_seconds = 0.05;
  std::chrono::seconds timeout{300};
};

// A benchmark process that could not produce figures: missing binary, crash, timeout,
// malformed output. The gate decides what it means from the side: the head's own fault fails
// the gate; the base's is an infrastructure problem.
class BenchmarkFailure : public Error {
 public:
  BenchmarkFailure(Side side, std::string suite, std::string what, std::string detail)
      : Error(ExitCode::kInfrastructure, std::move(what)),
        side_(side),
        suite_(std::move(suite)),
        detail_(std::move(detail)) {}
  Side side() const { return side_; }
  const std::string& suite() const { return suite_; }
  const std::string& detail() const { return detail_; }  // e.g. stderr tail

 private:
  Side side_;
  std::string suite_;
  std::string detail_;
};

// Runs the binary once as a fresh process, JSON to a private file, and parses it.
ParsedOutput run_benchmark_binary(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                  const RunSettings& settings);

}  // namespace perfwarden::bench
