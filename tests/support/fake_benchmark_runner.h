#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench/round_scheduler.h"
#include "util/subprocess.h"

namespace perfwarden::testing {

// A util::ProcessRunner that plays Google Benchmark binaries: it honours --benchmark_out,
// --benchmark_filter and --benchmark_list_tests=true (names on stdout; not a run), and writes
// JSON whose times come from a script, so tests can drive the round scheduler and the
// sequential looks through exactly the code paths of a real run.
class FakeBenchmarkRunner final : public util::ProcessRunner {
 public:
  // Nanoseconds for (benchmark, is_head, nth run of that benchmark on that side, from 0); NaN
  // for a run that skips itself (Google Benchmark 1.8+'s SkipWithMessage row: "skipped", the
  // message "needs AVX-512", zero times).
  using Script = std::function<double(const std::string& name, bool head, int run)>;

  // `binaries_containing_head` decides the side: a binary path containing it is the head.
  FakeBenchmarkRunner(std::vector<std::string> benchmark_names, Script script,
                      std::string head_marker = "head")
      : names_(std::move(benchmark_names)),
        script_(std::move(script)),
        head_marker_(std::move(head_marker)) {}

  util::ProcessResult run(const util::ProcessSpec& spec) override;

  // How many processes ran, and how often each benchmark ran per side.
  int processes() const { return processes_; }
  int runs(const std::string& name, bool head) const;

 private:
  std::vector<std::string> names_;
  Script script_;
  std::string head_marker_;
  int processes_ = 0;
  std::map<std::pair<std::string, bool>, int> runs_;
};

// The suite `core` (binary `bench`) whose base and head "binaries" are empty files under `dir`
// (dir/base/bench, dir/head/bench): all the round scheduler needs when a FakeBenchmarkRunner
// plays the processes.
std::vector<bench::SuitePair> fake_core_suite(const std::filesystem::path& dir);

}  // namespace perfwarden::testing
