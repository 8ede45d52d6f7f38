#include "bench/instruction_counter.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "bench/callgrind_output.h"
#include "util/files.h"
#include "util/regex_escape.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kLoopStart = "benchmark::State::StartKeepRunning";
constexpr std::string_view kLoopEnd = "benchmark::State::FinishKeepRunning";
constexpr std::string_view kDumpPrefix = "callgrind.";

struct CallgrindRun {
  std::vector<Measurement> rows;     // the iteration rows of the JSON output
  std::vector<CallgrindDump> dumps;  // in the order the loops ended
};

std::string describe(const BenchmarkBinary& binary) {
  return std::string(to_string(binary.side)) + " suite '" + binary.suite + "' (" +
         binary.path.string() + ")";
}

void require_program_on_path(const std::string& program) {
  auto executable = [](const fs::path& path) {
    return fs::is_regular_file(path) && access(path.c_str(), X_OK) == 0;
  };
  bool found = false;
  if (program.find('/') != std::string::npos) {
    found = executable(program);
  } else if (const char* path = std::getenv("PATH")) {
    std::string_view dirs(path);
    while (!found) {
      std::size_t colon = dirs.find(':');
      std::string_view dir = dirs.substr(0, colon);
      found = executable(fs::path(dir.empty() ? "." : dir) / program);
      if (colon == std::string_view::npos) break;
      dirs.remove_prefix(colon + 1);
    }
  }
  if (!found) {
    throw infrastructure_error(
        "'" + program +
            "' was not found: --metric instructions counts instructions under "
            "valgrind's callgrind tool",
        "install valgrind (Debian package valgrind)");
  }
}

// The dumps of the benchmark process, ordered by part number. Files of other processes (a
// benchmark that forks) are refused: their loops cannot be attributed.
std::vector<CallgrindDump> read_dumps(const fs::path& dir, std::string& problem) {
  std::map<std::string, std::map<int, fs::path>> parts_by_pid;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kDumpPrefix, 0) != 0) continue;
    std::string rest = name.substr(kDumpPrefix.size());
    std::size_t dot = rest.find('.');
    if (dot == std::string::npos) continue;  // the final dump at exit: after the last loop
    parts_by_pid[rest.substr(0, dot)][std::atoi(rest.c_str() + dot + 1)] = entry.path();
  }
  std::vector<CallgrindDump> dumps;
  if (parts_by_pid.size() > 1) {
    problem = "loops ran in " + std::to_string(parts_by_pid.size()) +
              " processes (does a benchmark fork?)";
    return dumps;
  }
  if (parts_by_pid.empty()) return dumps;
  for (const auto& [part, path] : parts_by_pid.begin()->second) {
    CallgrindDump dump;
    auto text = util::read_text_file_up_to(path, kMaxBenchmarkFileBytes);
    if (!text) {
      problem = path.filename().string() + " is larger than 1 GiB";
      dumps.clear();
      return dumps;
    }
    if (!parse_callgrind_dump(*text, dump, problem)) {
      problem = path.filename().string() + ": " + problem;
      dumps.clear();
      return dumps;
    }
    if (dump.trigger.find(kLoopEnd) == std::string::npos) {
      problem = path.filename().string() + " was not written at the end of a benchmark loop";
      dumps.clear();
      return dumps;
    }
    dumps.push_back(std::move(dump));
  }
  return dumps;
}

CallgrindRun run_under_callgrind(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                 const std::string& filter,
                                 const InstructionCountSettings& settings,
                                 InstructionCounts& counts) {
  util::TempDir scratch("perfwarden-instructions");
  fs::path json_path = scratch.path() / "out.json";
  std::vector<std::string> argv = {
      settings.valgrind,
      "--tool=callgrind",
      "--quiet",
      "--callgrind-out-file=" + (scratch.path() / kDumpPrefix).string() + "%p",
      "--collect-atstart=yes",
      "--zero-before=" + std::string(kLoopStart) + "*",
      "--dump-before=" + std::string(kLoopEnd) + "*",
      "--compress-strings=no",
      "--compress-pos=no",
      binary.path.string(),
      "--benchmark_out=" + json_path.string(),
      "--benchmark_out_format=json",
      "--benchmark_min_time=1e-9",  // one iteration: escalation starts at 1 and stops at once
      "--benchmark_repetitions=1"};
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);

  // Eager binding: otherwise the first loop to call a library function pays for resolving its
  // PLT entry (~850 instructions), so a count would depend on which benchmarks ran before it.
  auto result = runner.run({.argv = argv,
                            .working_directory = binary.path.parent_path(),
                            .timeout = settings.timeout,
                            .stdout_path = "/dev/null",
                            .environment = {{"LD_BIND_NOW", "1"}},
                            .max_file_bytes = kMaxBenchmarkFileBytes});
  ++counts.valgrind_processes;
  counts.valgrind_seconds += std::chrono::duration<double>(result.wall_time).count();
  std::string label = describe(binary);
  if (!result.succeeded()) {
    std::string detail = util::last_lines(result.stderr_text, 15);
    if (result.timed_out) {
      detail +=
          "\ncallgrind runs code about 50x slower than native, setup included: raise the "
          "timeout or narrow the suite's filter";
    }
    throw BenchmarkFailure(
        binary.side, result.timed_out ? FailureKind::kTimedOut : FailureKind::kCrashed,
        binary.suite, "benchmark " + label + " failed under valgrind: " + result.describe_failure(),
        detail);
  }

  std::optional<std::string> text = read_benchmark_json(json_path);
  ParsedOutput parsed;
  std::string problem;
  if (!text) {
    problem = "its JSON is larger than " + std::to_string(kMaxBenchmarkJsonBytes >> 20) + " MiB";
  }
  if (!text || !parse_benchmark_json(*text, parsed, problem)) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "benchmark " + label + " produced malformed output: " + problem,
                           "is it a Google Benchmark binary? It must accept --benchmark_out");
  }
  if (!parsed.errors.empty()) {
    std::string detail;
    for (const auto& e : parsed.errors) detail += e + "\n";
    throw BenchmarkFailure(binary.side, FailureKind::kReportedError, binary.suite,
                           "a benchmark of " + label + " reported an error", detail);
  }
  CallgrindRun run;
  run.rows = std::move(parsed.rows);
  if (run.rows.empty()) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "benchmark " + label + " ran no benchmark",
                           "check the suite's \"filter\" in perfwarden.json");
  }
  for (const auto& row : run.rows) {
    if (row.threads != 1) {
      throw BenchmarkFailure(
          binary.side, FailureKind::kMalformedOutput, binary.suite,
          "benchmark '" + row.name + "' of " + label + " runs " + std::to_string(row.threads) +
              " threads: instructions are counted for single-threaded benchmarks only",
          "exclude it with the suite's \"filter\" in perfwarden.json");
    }
    if (!(row.iterations >= 1.0)) {
      throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                             "benchmark '" + row.name + "' of " + label + " reported no iterations",
                             "is it a Google Benchmark binary?");
    }
  }
  run.dumps = read_dumps(scratch.path(), problem);
  if (run.dumps.empty()) {
    if (problem.empty()) {
      problem = std::string("callgrind saw no call of ") + std::string(kLoopEnd) +
                " (is the binary stripped, or Google Benchmark linked without symbols?)";
    }
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "cannot count instructions of " + label + ": " + problem,
                           "link Google Benchmark dynamically or keep its symbols");
  }
  return run;
}

// Instructions of one dump's loop per iteration: what StartKeepRunning did after the counters
// were zeroed at its entry is the harness, not the benchmark.
double per_iteration(const CallgrindDump& dump, const Measurement& row,
                     const BenchmarkBinary& binary) {
  std::uint64_t harness = 0;
  bool found = false;
  for (const auto& [callee, ir] : dump.inclusive_ir_by_callee) {
    if (callee.rfind(kLoopStart, 0) == 0) {
      harness += ir;
      found = true;
    }
  }
  if (!found || harness > dump.total_ir) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "callgrind dump " + std::to_string(dump.part) + " of " +
                               describe(binary) + " has no usable call of " +
                               std::string(kLoopStart),
                           "please report this with the benchmark binary");
  }
  return static_cast<double>(dump.total_ir - harness) / row.iterations;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

std::string exact_name_filter(std::string_view name) {
  return "^" + util::escape_regex(name) + "$";
}

InstructionCounts count_instructions(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                     const InstructionCountSettings& settings) {
  if (!fs::is_regular_file(binary.path)) {
    throw BenchmarkFailure(binary.side, FailureKind::kNotBuilt, binary.suite,
                           "benchmark binary of " + describe(binary) + " was not built",
                           "check the suite's \"binary\" path in perfwarden.json: it is relative "
                           "to the build directory");
  }
  require_program_on_path(settings.valgrind);

  InstructionCounts counts;
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> values;
  auto record = [&](const Measurement& row, const CallgrindDump& dump) {
    if (!values.count(row.name)) order.push_back(row.name);
    values[row.name].push_back(per_iteration(dump, row, binary));
  };

  CallgrindRun all = run_under_callgrind(runner, binary, binary.filter, settings, counts);
  if (all.dumps.size() == all.rows.size()) {
    for (std::size_t i = 0; i < all.rows.size(); ++i) record(all.rows[i], all.dumps[i]);
  } else {
    // Some benchmark ran its loop more than once per row: attribute loops one benchmark at a time.
    std::vector<std::string> names;
    for (const auto& row : all.rows) {
      if (std::find(names.begin(), names.end(), row.name) == names.end()) names.push_back(row.name);
    }
    for (const auto& name : names) {
      CallgrindRun one =
          run_under_callgrind(runner, binary, exact_name_filter(name), settings, counts);
      bool only_this = std::all_of(one.rows.begin(), one.rows.end(),
                                   [&](const Measurement& row) { return row.name == name; });
      if (only_this && one.dumps.size() == one.rows.size()) {
        for (std::size_t i = 0; i < one.rows.size(); ++i) record(one.rows[i], one.dumps[i]);
      } else if (only_this && one.rows.size() == 1) {
        record(one.rows.front(), one.dumps.back());  // the reported run is the last escalation
      } else {
        throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                               "cannot attribute instruction counts of benchmark '" + name +
                                   "' of " + describe(binary) + ": " +
                                   std::to_string(one.rows.size()) + " rows but " +
                                   std::to_string(one.dumps.size()) + " benchmark loops",
                               "exclude it with the suite's \"filter\" in perfwarden.json");
      }
    }
  }
  for (const auto& name : order) counts.per_iteration.emplace_back(name, median_of(values[name]));
  return counts;
}

bool hardware_counters_available() {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_HARDWARE;
  attr.size = sizeof(attr);
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
  if (fd < 0) return false;
  close(static_cast<int>(fd));
  return true;
}

}  // namespace perfwarden::bench
