#include "bench/benchmark_list.h"

#include "bench/benchmark_output.h"
#include "util/subprocess.h"

namespace perfwarden::bench {

std::vector<std::string> list_benchmarks(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                         const RunSettings& settings) {
  const std::string label = binary.label();
  if (!std::filesystem::is_regular_file(binary.path)) {
    throw BenchmarkFailure(binary.side, FailureKind::kNotBuilt, binary.suite,
                           "benchmark binary of " + label + " was not built",
                           "check the suite's \"binary\" path in perfwarden.json: it is relative "
                           "to the build directory");
  }
  std::vector<std::string> argv = binary.command();
  argv.push_back("--benchmark_list_tests=true");
  if (!binary.filter.empty()) argv.push_back("--benchmark_filter=" + binary.filter);
  auto result = runner.run({.argv = argv,
                            .working_directory = binary.directory(),
                            .timeout = settings.timeout,
                            .environment = binary.environment,
                            .max_file_bytes = kMaxBenchmarkFileBytes});
  if (!result.succeeded()) {
    throw BenchmarkFailure(
        binary.side, result.timed_out ? FailureKind::kTimedOut : FailureKind::kCrashed,
        binary.suite,
        "listing the benchmarks of " + label + " failed: " + result.describe_failure(),
        util::last_lines(result.stderr_text, 15));
  }
  if (result.stdout_too_large) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "listing the benchmarks of " + label + " printed more than " +
                               std::to_string(util::kMaxCapturedStdoutBytes >> 20) + " MiB",
                           "is it a Google Benchmark binary?");
  }
  return parse_benchmark_list(result.stdout_text);
}

std::vector<std::string> parse_benchmark_list(std::string_view text) {
  std::vector<std::string> names;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (is_acceptable_benchmark_name(line)) names.emplace_back(line);
  }
  return names;
}

}  // namespace perfwarden::bench
