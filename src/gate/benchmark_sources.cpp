#include "gate/benchmark_sources.h"

#include <algorithm>
#include <optional>

#include "bench/benchmark_registrations.h"
#include "git/tree_diff.h"
#include "util/error.h"

namespace perfwarden::gate {
namespace {

std::optional<std::string> read_source(const git::Repository& repository, const std::string& commit,
                                       const std::string& path) {
  try {
    return git::read_file_at(repository, commit, path);
  } catch (const Error& e) {
    if (e.exit_code() != ExitCode::kUsage) throw;
    return std::nullopt;  // a link or a huge file: not something a benchmark is read from
  }
}

}  // namespace

std::vector<policy::BenchmarkSource> changed_benchmark_sources(
    const git::Repository& repository, const std::string& fork_commit,
    const std::string& head_commit, const std::vector<std::string>& changed_paths,
    const std::vector<policy::BenchmarkId>& known) {
  std::vector<policy::BenchmarkSource> sources;
  for (const auto& path : changed_paths) {
    if (!bench::is_cxx_source_path(path)) continue;
    bool defines = false;
    std::vector<std::string> families;
    for (const std::string& commit : {fork_commit, head_commit}) {
      auto text = read_source(repository, commit, path);
      if (!text) continue;
      auto found = bench::scan_benchmark_registrations(*text);
      defines = defines || found.defines_benchmarks;
      for (auto& name : found.names) {
        if (std::find(families.begin(), families.end(), name) == families.end())
          families.push_back(std::move(name));
      }
    }
    if (!defines) continue;
    policy::BenchmarkSource source{path, {}};
    for (const auto& family : families) {
      bool resolved = false;
      for (const auto& benchmark : known) {
        if (!bench::in_family(benchmark.name, family)) continue;
        resolved = true;
        auto same = [&](const policy::BenchmarkId& b) {
          return b.suite == benchmark.suite && b.name == benchmark.name;
        };
        if (std::none_of(source.benchmarks.begin(), source.benchmarks.end(), same))
          source.benchmarks.push_back(benchmark);
      }
      if (!resolved) source.benchmarks.push_back({"", family});
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace perfwarden::gate
