#include "bench/benchmark_process.h"

#include <sstream>

#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace fs = std::filesystem;

std::optional<std::string> read_benchmark_json(const fs::path& path) {
  if (!fs::exists(path)) return std::string();
  return util::read_text_file_up_to(path, kMaxBenchmarkJsonBytes);
}

BenchmarkRun run_benchmark_binary(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                  const RunSettings& settings) {
  const std::string label = binary.label();
  if (!fs::is_regular_file(binary.path)) {
    throw BenchmarkFailure(binary.side, FailureKind::kNotBuilt, binary.suite,
                           "benchmark binary of " + label + " was not built",
                           "check the suite's \"binary\" path in perfwarden.json: it is relative "
                           "to the build directory");
  }

  util::TempDir scratch("perfwarden-bench");
  fs::path json_path = scratch.path() / "out.json";
  std::ostringstream min_time;
  min_time << settings.min_time_seconds;
  std::vector<std::string> argv = binary.command();
  argv.insert(argv.end(), {"--benchmark_out=" + json_path.string(), "--benchmark_out_format=json",
                           "--benchmark_min_time=" + min_time.str(), "--benchmark_repetitions=1"});
  if (!binary.filter.empty()) argv.push_back("--benchmark_filter=" + binary.filter);

  auto result = runner.run({.argv = argv,
                            .working_directory = binary.directory(),
                            .timeout = settings.timeout,
                            .stdout_path = "/dev/null",  // the console table: the JSON has it all
                            .environment = binary.environment,
                            .max_file_bytes = kMaxBenchmarkFileBytes});
  if (!result.succeeded()) {
    std::string detail = util::last_lines(result.stderr_text, 15);
    if (result.timed_out) {
      detail +=
          "\nraise measure.timeout_seconds in perfwarden.json or --timeout if it is "
          "legitimately slow";
    }
    throw BenchmarkFailure(
        binary.side, result.timed_out ? FailureKind::kTimedOut : FailureKind::kCrashed,
        binary.suite, "benchmark " + label + " failed: " + result.describe_failure(), detail);
  }

  BenchmarkRun run;
  run.process_seconds = std::chrono::duration<double>(result.wall_time).count();
  ParsedOutput& parsed = run.output;
  std::string problem;
  std::optional<std::string> text = read_benchmark_json(json_path);
  if (!text) {
    problem = "its JSON is larger than " + std::to_string(kMaxBenchmarkJsonBytes >> 20) + " MiB";
  }
  if (!text || !parse_benchmark_json(*text, parsed, problem)) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "benchmark " + label + " produced malformed output: " + problem,
                           "is it a Google Benchmark binary? It must accept --benchmark_out");
  }
  if (parsed.measurements.empty() && parsed.errors.empty() && parsed.skipped.empty()) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "benchmark " + label + " ran no benchmark",
                           "check the suite's \"filter\" in perfwarden.json");
  }
  return run;
}

}  // namespace perfwarden::bench
