#include "bench/loop_profiler.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

#include "util/files.h"
#include "util/find_program.h"
#include "util/regex_escape.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kLoopStart = "benchmark::State::StartKeepRunning";
constexpr std::string_view kLoopEnd = "benchmark::State::FinishKeepRunning";
constexpr std::string_view kReported = "benchmark::JSONReporter::ReportRuns";
constexpr std::string_view kDumpPrefix = "callgrind.";
constexpr std::string_view kNoWarmupFlag = "benchmark_min_warmup_time";

// The dumps of the benchmark process, ordered by part number. Files of other processes (a
// benchmark that forks) are refused: their loops cannot be attributed.
std::vector<CallgrindDump> read_dumps(const fs::path& dir, std::string& problem) {
  std::map<std::string, std::map<long, fs::path>> parts_by_pid;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kDumpPrefix, 0) != 0) continue;
    std::string rest = name.substr(kDumpPrefix.size());
    std::size_t dot = rest.find('.');
    if (dot == std::string::npos) continue;  // the final dump at exit: after the last loop
    parts_by_pid[rest.substr(0, dot)][std::atol(rest.c_str() + dot + 1)] = entry.path();
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
    dumps.push_back(std::move(dump));
  }
  return dumps;
}

bool is_report_dump(const CallgrindDump& dump) {
  return dump.trigger.find(kReported) != std::string::npos;
}

// The source files with cost in a dump ("???@object" for code without line information).
void add_files(const CallgrindDump& dump, std::set<std::string>& files) {
  for (const auto& [file, ir] : dump.ir_by_file) {
    if (ir > 0) files.insert(file);
  }
}

// One valgrind process: the JSON rows and the loop dumps, grouped by benchmark where Google
// Benchmark's report dumps separate them, with the files each benchmark ran outside its loops.
struct CallgrindRun {
  std::vector<Measurement> rows;
  std::vector<std::vector<CallgrindDump>> groups;  // loop dumps between two report dumps
  std::vector<std::set<std::string>> outside;      // per group: files run around its loops
  std::set<std::string> process_start;  // files run before the first loop (static init, main)
  bool warmed_up = true;                // --benchmark_min_warmup_time was accepted
};

CallgrindRun run_under_callgrind(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                 const std::string& filter, const ProfilerSettings& settings,
                                 LoopProfiles& profiles, bool warm_up = true) {
  util::TempDir scratch("perfwarden-callgrind");
  fs::path json_path = scratch.path() / "out.json";
  std::ostringstream min_time;
  min_time << settings.min_time_seconds;
  std::vector<std::string> argv = {
      settings.valgrind,
      "--tool=callgrind",
      "--quiet",
      "--callgrind-out-file=" + (scratch.path() / kDumpPrefix).string() + "%p",
      "--collect-atstart=yes",
      "--zero-before=" + std::string(kLoopStart) + "*",
      "--dump-before=" + std::string(kLoopStart) + "*",  // what ran since: setup, teardown
      "--dump-before=" + std::string(kLoopEnd) + "*",
      "--dump-before=" + std::string(kReported) + "*",
      "--compress-strings=no",
      "--compress-pos=no"};
  if (settings.cache_simulation) argv.push_back("--cache-sim=yes");
  for (auto& arg : binary.command()) argv.push_back(std::move(arg));
  argv.insert(argv.end(), {"--benchmark_out=" + json_path.string(), "--benchmark_out_format=json",
                           "--benchmark_min_time=" + min_time.str(), "--benchmark_repetitions=1"});
  if (warm_up) argv.push_back("--" + std::string(kNoWarmupFlag) + "=1e-9");
  if (!filter.empty()) argv.push_back("--benchmark_filter=" + filter);

  // Eager binding: otherwise the first loop to call a library function pays for resolving its
  // PLT entry (~850 instructions), so a count would depend on which benchmarks ran before it.
  auto environment = binary.environment;
  environment.emplace_back("LD_BIND_NOW", "1");
  auto result = runner.run({.argv = argv,
                            .working_directory = binary.directory(),
                            .timeout = settings.timeout,
                            .stdout_path = "/dev/null",
                            .environment = std::move(environment),
                            .max_file_bytes = kMaxBenchmarkFileBytes});
  ++profiles.valgrind_processes;
  profiles.valgrind_seconds += std::chrono::duration<double>(result.wall_time).count();
  std::string label = binary.label();
  if (!result.succeeded()) {
    // Google Benchmark before 1.7 knows no warm-up flag: run again without it.
    if (warm_up && result.stderr_text.find(kNoWarmupFlag) != std::string::npos) {
      CallgrindRun cold = run_under_callgrind(runner, binary, filter, settings, profiles, false);
      cold.warmed_up = false;
      return cold;
    }
    std::string detail = util::last_lines(result.stderr_text, 15);
    if (result.timed_out) {
      detail +=
          "\ncallgrind runs code 20-100x slower than native, setup included: raise the "
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
    // Not profiled: skipped (not measured at all) or multi-threaded (LoopProfiles::not_counted).
    if (!row.skip_message.empty() || row.threads != 1) continue;
    if (!(row.iterations >= 1.0)) {
      throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                             "benchmark '" + row.name + "' of " + label + " reported no iterations",
                             "is it a Google Benchmark binary?");
    }
  }
  std::vector<CallgrindDump> dumps = read_dumps(scratch.path(), problem);
  std::vector<CallgrindDump> group;
  std::set<std::string> outside;
  bool first_loop_seen = false;
  for (auto& dump : dumps) {
    if (is_report_dump(dump)) {
      add_files(dump, outside);
      run.groups.push_back(std::move(group));
      run.outside.push_back(std::move(outside));
      group.clear();
      outside.clear();
    } else if (dump.trigger.find(kLoopEnd) != std::string::npos) {
      first_loop_seen = true;
      group.push_back(std::move(dump));
    } else if (dump.trigger.find(kLoopStart) != std::string::npos) {
      add_files(dump, first_loop_seen ? outside : run.process_start);
    } else {
      problem = "dump " + std::to_string(dump.part) + " was not written at a loop's start or end";
      run.groups.clear();
      break;
    }
  }
  if (!group.empty()) {  // no report dump after the last
    run.groups.push_back(std::move(group));
    run.outside.push_back(std::move(outside));
  }
  if (run.groups.empty()) {
    if (problem.empty()) {
      problem = std::string("callgrind saw no call of ") + std::string(kLoopEnd) +
                " (is the binary stripped, or Google Benchmark linked without symbols?)";
    }
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "cannot profile " + label + ": " + problem,
                           "link Google Benchmark dynamically or keep its symbols");
  }
  return run;
}

// What StartKeepRunning itself executed after the counters were zeroed at its entry: the
// harness, not the benchmark.
EventCosts harness_of(const CallgrindDump& dump, const BenchmarkBinary& binary) {
  EventCosts harness;
  bool found = false;
  for (const auto& [callee, cost] : dump.inclusive_by_callee) {
    if (callee.rfind(kLoopStart, 0) == 0) {
      harness += cost;
      found = true;
    }
  }
  if (!found || harness.ir > dump.total.ir) {
    throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                           "callgrind dump " + std::to_string(dump.part) + " of " + binary.label() +
                               " has no usable call of " + std::string(kLoopStart),
                           "please report this with the benchmark binary");
  }
  return harness;
}

double difference(std::uint64_t longer, std::uint64_t shorter) {
  return static_cast<double>(longer) - static_cast<double>(shorter);
}

// The miss cycles `longer` adds to `shorter`, never negative: the shorter loop can miss more
// than the longer one when it paid cold misses that the longer one found warm (seen on a Zen 5
// VM), and a steady iteration that misses less than nothing is noise, not a saving.
double steady_misses(const EventCosts& longer, const EventCosts& shorter) {
  return std::max(0.0, difference(longer.miss_cycles(), shorter.miss_cycles()));
}

// The profile of one benchmark from its loops (see the header for the method).
LoopProfile profile_of(const std::string& name, double iterations,
                       const std::vector<CallgrindDump>& loops, std::set<std::string> outside,
                       bool warmed_up, const BenchmarkBinary& binary) {
  LoopProfile p;
  p.name = name;
  p.iterations = iterations;
  p.files_outside_loops = std::move(outside);
  for (const auto& loop : loops) {
    add_files(loop, p.files);
    for (const auto& [function, cost] : loop.functions) {
      if (cost.self_ir > 0) p.function_sites.emplace(function, cost);
      if (cost.self_ir > 0 && function.starts_with("benchmark::State::PauseTiming"))
        p.pauses_timer = true;
    }
  }
  // The measured loops: after the warm-up loop where there was one.
  const std::size_t first = warmed_up && loops.size() >= 2 ? 1 : 0;
  const CallgrindDump& shortest = loops[first];
  const CallgrindDump& longest = loops.back();
  const bool fixed_iterations = name.find("/iterations:") != std::string::npos;
  p.marginal = !fixed_iterations && loops.size() - first >= 2 && iterations > 1.0 &&
               longest.total.ir > shortest.total.ir;
  if (p.marginal) {
    const double extra = iterations - 1.0;  // the first measured loop has one iteration
    p.instructions = difference(longest.total.ir, shortest.total.ir) / extra;
    p.estimated_cycles = p.instructions + steady_misses(longest.total, shortest.total) / extra;
    for (const auto& [function, cost] : longest.functions) {
      auto before = shortest.functions.find(function);
      const std::uint64_t once = before == shortest.functions.end() ? 0 : before->second.self_ir;
      if (double per = difference(cost.self_ir, once) / extra; per != 0.0) {
        p.function_instructions[function] = per;
      }
    }
  } else {
    const EventCosts harness = harness_of(longest, binary);
    p.instructions = difference(longest.total.ir, harness.ir) / iterations;
    p.estimated_cycles = p.instructions + steady_misses(longest.total, harness) / iterations;
    for (const auto& [function, cost] : longest.functions) {
      if (cost.self_ir > 0) {
        p.function_instructions[function] = static_cast<double>(cost.self_ir) / iterations;
      }
    }
  }
  if (!longest.has_cache_events) p.estimated_cycles = 0.0;
  if (first == 1 && !fixed_iterations) {
    p.warmup_extra = std::max(0.0, difference(loops[0].total.ir, loops[1].total.ir));
  }
  return p;
}

}  // namespace

std::string exact_name_filter(std::string_view name) {
  return "^" + util::escape_regex(name) + "$";
}

std::string exact_names_filter(const std::vector<std::string>& names) {
  if (names.size() == 1) return exact_name_filter(names.front());
  std::string alternatives;
  for (const auto& name : names) {
    alternatives += (alternatives.empty() ? "" : "|") + util::escape_regex(name);
  }
  return "^(" + alternatives + ")$";
}

LoopProfiles profile_loops(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                           const ProfilerSettings& settings) {
  if (!fs::is_regular_file(binary.path)) {
    throw BenchmarkFailure(binary.side, FailureKind::kNotBuilt, binary.suite,
                           "benchmark binary of " + binary.label() + " was not built",
                           "check the suite's \"binary\" path in perfwarden.json: it is relative "
                           "to the build directory");
  }
  if (!util::find_program(settings.valgrind)) {
    throw infrastructure_error("'" + settings.valgrind +
                                   "' was not found: deterministic costs are measured under "
                                   "valgrind's callgrind tool",
                               "install valgrind (Debian package valgrind)");
  }

  LoopProfiles profiles;
  // Benchmark names in the order they ran, each with the iterations of its longest loop; one
  // that is not profiled has 0 (it is reported, so it has its group of dumps too): skipped, or
  // multi-threaded (then named in not_counted).
  auto benchmarks_of = [&profiles](const CallgrindRun& run) {
    std::vector<std::pair<std::string, double>> names;
    for (const auto& row : run.rows) {
      auto known = std::find_if(names.begin(), names.end(),
                                [&](const auto& entry) { return entry.first == row.name; });
      const bool threaded = row.skip_message.empty() && row.threads != 1;
      if (threaded && std::find(profiles.not_counted.begin(), profiles.not_counted.end(),
                                row.name) == profiles.not_counted.end()) {
        profiles.not_counted.push_back(row.name);
      }
      const double iterations = row.skip_message.empty() && !threaded ? row.iterations : 0.0;
      if (known == names.end()) {
        names.emplace_back(row.name, iterations);
      } else {
        known->second = std::max(known->second, iterations);
      }
    }
    return names;
  };
  auto skipped = [](double iterations) { return iterations == 0.0; };

  CallgrindRun all = run_under_callgrind(runner, binary, binary.filter, settings, profiles);
  auto names = benchmarks_of(all);
  if (all.groups.size() == names.size()) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (skipped(names[i].second)) continue;
      if (all.groups[i].empty()) {
        throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                               "benchmark '" + names[i].first + "' of " + binary.label() +
                                   " ran no timed loop under valgrind",
                               "exclude it with the suite's \"filter\" in perfwarden.json");
      }
      std::set<std::string> outside = all.outside[i];
      outside.insert(all.process_start.begin(), all.process_start.end());
      profiles.benchmarks.push_back(profile_of(names[i].first, names[i].second, all.groups[i],
                                               std::move(outside), all.warmed_up, binary));
    }
    return profiles;
  }
  // The report dumps did not separate the benchmarks (a custom reporter in the benchmark's
  // main?): profile one benchmark per process, whose loops are then all its own.
  for (const auto& [name, iterations] : names) {
    if (skipped(iterations)) continue;
    CallgrindRun one =
        run_under_callgrind(runner, binary, exact_name_filter(name), settings, profiles);
    auto only = benchmarks_of(one);
    std::vector<CallgrindDump> loops;
    std::set<std::string> outside = one.process_start;
    for (std::size_t g = 0; g < one.groups.size(); ++g) {
      for (auto& dump : one.groups[g]) loops.push_back(std::move(dump));
      outside.insert(one.outside[g].begin(), one.outside[g].end());
    }
    if (only.size() != 1 || only.front().first != name || loops.empty()) {
      throw BenchmarkFailure(binary.side, FailureKind::kMalformedOutput, binary.suite,
                             "cannot attribute the loops of benchmark '" + name + "' of " +
                                 binary.label() + ": " + std::to_string(loops.size()) +
                                 " loops for " + std::to_string(only.size()) + " benchmarks",
                             "exclude it with the suite's \"filter\" in perfwarden.json");
    }
    profiles.benchmarks.push_back(
        profile_of(name, only.front().second, loops, std::move(outside), one.warmed_up, binary));
  }
  return profiles;
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
