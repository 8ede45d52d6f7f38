#include "support/fake_benchmark_runner.h"

#include <re2/re2.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "util/files.h"

namespace perfwarden::testing {

util::ProcessResult FakeBenchmarkRunner::run(const util::ProcessSpec& spec) {
  ++processes_;
  std::string out_path;
  std::string filter;
  for (const auto& arg : spec.argv) {
    if (arg.rfind("--benchmark_out=", 0) == 0) out_path = arg.substr(16);
    if (arg.rfind("--benchmark_filter=", 0) == 0) filter = arg.substr(19);
  }
  bool head = spec.argv.front().find(head_marker_) != std::string::npos;
  bool list_only = false;
  for (const auto& arg : spec.argv) list_only = list_only || arg == "--benchmark_list_tests=true";
  if (list_only) {  // --benchmark_list_tests: the names, one a line, on stdout; nothing runs
    util::ProcessResult listing;
    listing.exit_code = 0;
    for (const auto& name : names_) {
      if (filter.empty() || RE2::PartialMatch(name, filter)) {
        listing.stdout_text += name + "\n";
      }
    }
    return listing;
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& name : names_) {
    if (!filter.empty() && !RE2::PartialMatch(name, filter)) continue;
    int& count = runs_[{name, head}];
    double ns = script_(name, head, count++);
    if (std::isnan(ns)) {
      rows.push_back({{"name", name},
                      {"run_type", "iteration"},
                      {"skipped", true},
                      {"skip_message", "needs AVX-512"},
                      {"iterations", 0},
                      {"real_time", 0},
                      {"cpu_time", 0},
                      {"time_unit", "ns"}});
      continue;
    }
    rows.push_back({{"name", name},
                    {"run_type", "iteration"},
                    {"iterations", 1000},
                    {"real_time", ns},
                    {"cpu_time", ns},
                    {"time_unit", "ns"}});
  }
  util::write_file_atomically(out_path, nlohmann::json{{"benchmarks", rows}}.dump());
  util::ProcessResult result;
  result.exit_code = 0;
  result.wall_time = std::chrono::milliseconds(1);
  return result;
}

int FakeBenchmarkRunner::runs(const std::string& name, bool head) const {
  auto found = runs_.find({name, head});
  return found == runs_.end() ? 0 : found->second;
}

std::vector<bench::SuitePair> fake_core_suite(const std::filesystem::path& dir) {
  for (const char* side : {"base", "head"}) {
    std::filesystem::create_directories(dir / side);
    util::write_file_atomically(dir / side / "bench", "");
  }
  config::Suite suite;
  suite.name = "core";
  suite.binary = "bench";
  return {{suite, {dir / "base", dir / "base"}, {dir / "head", dir / "head"}}};
}

}  // namespace perfwarden::testing
