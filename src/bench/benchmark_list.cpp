#include "bench/benchmark_list.h"

#include <algorithm>
#include <sstream>

#include "bench/benchmark_output.h"
#include "util/subprocess.h"

namespace perfwarden::bench {

std::vector<std::string> list_benchmarks(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                         const RunSettings& settings) {
  std::string label = std::string(to_string(binary.side)) + " suite '" + binary.suite + "' (" +
                      binary.path.string() + ")";
  if (!std::filesystem::is_regular_file(binary.path)) {
    throw BenchmarkFailure(binary.side, FailureKind::kNotBuilt, binary.suite,
                           "benchmark binary of " + label + " was not built",
                           "check the suite's \"binary\" path in perfwarden.json: it is relative "
                           "to the build directory");
  }
  std::vector<std::string> argv = {binary.path.string(), "--benchmark_list_tests=true"};
  if (!binary.filter.empty()) argv.push_back("--benchmark_filter=" + binary.filter);
  auto result = runner.run(
      {.argv = argv, .working_directory = binary.path.parent_path(), .timeout = settings.timeout});
  if (!result.succeeded()) {
    throw BenchmarkFailure(
        binary.side, result.timed_out ? FailureKind::kTimedOut : FailureKind::kCrashed,
        binary.suite,
        "listing the benchmarks of " + label + " failed: " + result.describe_failure(),
        util::last_lines(result.stderr_text, 15));
  }
  std::vector<std::string> names;
  std::istringstream lines(result.stdout_text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    bool acceptable = !line.empty() && line.size() <= kMaxBenchmarkNameLength &&
                      std::none_of(line.begin(), line.end(), [](char c) {
                        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                      });
    if (acceptable) names.push_back(line);
  }
  return names;
}

}  // namespace perfwarden::bench
