#include "gate/init_project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "config/gate_config.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigFile = "perfwarden.json";
constexpr std::size_t kMaxSuiteName = 64;

std::string json_string(const std::string& text) { return nlohmann::json(text).dump(); }

// The artifact relative to the build directory, or "" when it lands outside it.
std::string relative_artifact(const std::string& artifact, const fs::path& build_dir) {
  fs::path path(artifact);
  if (path.is_relative()) {
    path = path.lexically_normal();
    return path.empty() || *path.begin() == ".." ? std::string() : path.string();
  }
  fs::path relative = path.lexically_normal().lexically_relative(build_dir.lexically_normal());
  return relative.empty() || *relative.begin() == ".." ? std::string() : relative.string();
}

}  // namespace

std::string suite_name_for(const std::string& target, const std::vector<std::string>& taken) {
  std::string name;
  for (char c : target) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-' || c == '.';
    name += plain ? c : '_';
    if (name.size() == kMaxSuiteName - 4) break;  // room for a "-NNN" suffix
  }
  if (name.empty()) name = "suite";
  std::string unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n)
    unique = name + "-" + std::to_string(n);
  return unique;
}

std::string init_config_text(const std::vector<build::ExecutableTarget>& suites) {
  std::string targets;
  for (const auto& suite : suites) targets += ", " + json_string(suite.name);
  std::string text = R"({
  // Written by `perfwarden init`: every executable of this project that links Google Benchmark,
  // one suite each. Pull requests are judged by this file as it is in their base revision.
  "build": {
    "configure": ["cmake", "-S", "{src}", "-B", "{build}", "-DCMAKE_BUILD_TYPE=Release"],
    // Only the benchmark targets: a gate build compiles what they need and nothing more.
    "build": ["cmake", "--build", "{build}", "--target")" +
                     targets + R"(]
  },
  "suites": [
)";
  std::vector<std::string> names;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    names.push_back(suite_name_for(suites[i].name, names));
    text += "    { \"name\": " + json_string(names.back()) +
            ", \"binary\": " + json_string(suites[i].artifact) + " }" +
            (i + 1 < suites.size() ? "," : "") + "\n";
  }
  text += R"(  ],
  "thresholds": { "default": 0.03 }  // a 3% slowdown fails; tune with `perfwarden calibrate`
  // The named-owner policy (README, "Named-owner policy"): who answers for a hot path, and whose
  // waiver accepts a regression in it. Uncomment and fill in:
  // , "owners": [ { "name": "Your Name", "email": "you@example.com", "maintainer": true } ]
  // , "hot_paths": [ { "paths": ["src/**"], "benchmarks": ".*", "owners": ["you@example.com"] } ]
}
)";
  return text;
}

InitResult run_init(const InitOptions& options, util::ProcessRunner& runner,
                    util::Progress& progress) {
  const fs::path repository = fs::absolute(options.repository).lexically_normal();
  InitResult result;
  result.config_path = repository / kConfigFile;
  if (!fs::is_regular_file(repository / "CMakeLists.txt")) {
    throw usage_error(repository.string() + " has no CMakeLists.txt",
                      "run perfwarden init at the root of a CMake project (--repo DIR)");
  }
  if (fs::exists(result.config_path) && !options.force) {
    throw usage_error(result.config_path.string() + " already exists",
                      "edit it, or pass --force to replace it");
  }

  util::TempDir build_dir("perfwarden-init");
  build::write_codemodel_query(build_dir.path());
  progress.note("configuring " + repository.string() + " to find its benchmark executables");
  const fs::path log = build_dir.path() / "configure.log";
  auto configure = runner.run({.argv = {"cmake", "-S", repository.string(), "-B",
                                        build_dir.path().string(), "-DCMAKE_BUILD_TYPE=Release"},
                               .working_directory = repository,
                               .timeout = std::chrono::minutes(10),
                               .stdout_path = log,
                               .stderr_to_stdout = true});
  if (!configure.succeeded()) {
    throw infrastructure_error("configuring " + repository.string() + " failed (" +
                                   configure.describe_failure() + "):\n" +
                                   util::last_lines(util::read_file_tail(log, 1u << 20), 20),
                               "make `cmake -S . -B build` work first");
  }

  for (auto& target : build::read_codemodel_executables(build_dir.path())) {
    if (!target.links_benchmark) continue;
    std::string artifact = relative_artifact(target.artifact, build_dir.path());
    if (artifact.empty()) {
      result.skipped.push_back(target.name + ": its binary lands outside the build directory (" +
                               target.artifact + ")");
      continue;
    }
    target.artifact = artifact;
    result.suites.push_back(std::move(target));
  }
  std::sort(result.suites.begin(), result.suites.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  if (result.suites.empty()) {
    throw usage_error(
        "no executable of " + repository.string() + " links Google Benchmark",
        "add one: find_package(benchmark REQUIRED), add_executable(bench_core bench_core.cpp), "
        "target_link_libraries(bench_core PRIVATE benchmark::benchmark); then run init again");
  }

  const std::string text = init_config_text(result.suites);
  config::parse_gate_config(text, kConfigFile);  // what we write must be what the gate reads
  util::write_file_atomically(result.config_path, text);
  return result;
}

}  // namespace perfwarden::gate
