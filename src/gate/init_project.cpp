#include "gate/init_project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "config/gate_config.h"
#include "config/placeholders.h"
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

// `text` with the trees' absolute paths written as {src} and {build} (the build directory first:
// it may lie inside the source tree).
std::string with_placeholders(std::string text, const fs::path& source_dir,
                              const fs::path& build_dir) {
  for (auto [path, placeholder] : {std::pair{build_dir.string(), std::string("{build}")},
                                   std::pair{source_dir.string(), std::string("{src}")}}) {
    for (auto at = text.find(path); at != std::string::npos;
         at = text.find(path, at + placeholder.size())) {
      const std::size_t end = at + path.size();
      if (end < text.size() && text[end] != '/') continue;  // "/src2" is not under "/src"
      text.replace(at, path.size(), placeholder);
    }
  }
  return text;
}

}  // namespace

bool suite_runtime_from_test(const build::CTestTest& test, const fs::path& source_dir,
                             const fs::path& build_dir, InitSuite& suite, std::string& why) {
  auto placeholders = [&](const std::string& text) {
    return with_placeholders(text, source_dir, build_dir);
  };
  InitSuite found = suite;
  found.from_test = test.name;
  for (std::size_t i = 1; i < test.command.size(); ++i) {
    // The test's own Google Benchmark flags are for a quick check (--benchmark_min_time=0.01);
    // the gate sets its own.
    if (test.command[i].starts_with("--benchmark_")) continue;
    found.args.push_back(placeholders(test.command[i]));
  }
  for (const auto& [name, value] : test.environment)
    found.env.emplace_back(name, placeholders(value));
  if (!test.working_directory.empty()) {
    const fs::path directory = fs::path(test.working_directory).lexically_normal();
    const fs::path binary_dir =
        (build_dir / suite.target.artifact).parent_path().lexically_normal();
    if (directory != binary_dir) {
      found.working_directory = placeholders(directory.string());
      if (!found.working_directory.starts_with("{src}") &&
          !found.working_directory.starts_with("{build}")) {
        why = "its WORKING_DIRECTORY " + test.working_directory + " is outside the project";
        return false;
      }
    }
  }
  std::string text;
  for (const auto& arg : found.args) text += arg;
  for (const auto& [name, value] : found.env) text += value;
  if (auto name = config::unknown_placeholder(text + found.working_directory); !name.empty()) {
    why = "it passes text perfwarden.json would read as a placeholder ({" + name + "})";
    return false;
  }
  suite = std::move(found);
  return true;
}

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

std::string init_config_text(const std::vector<InitSuite>& suites,
                             const std::vector<std::string>& configure_options) {
  std::string targets;
  for (const auto& suite : suites) targets += ", " + json_string(suite.target.name);
  std::string options;
  for (const auto& option : configure_options) options += ", " + json_string(option);
  std::string text = R"({
  // Written by `perfwarden init`: every executable of this project that links Google Benchmark,
  // one suite each. Pull requests are judged by this file as it is in their base revision.
  "build": {)" + std::string(configure_options.empty() ? "" : R"(
    // The project builds its benchmarks only with these switches on.)") +
                     R"(
    "configure": ["cmake", "-S", "{src}", "-B", "{build}", "-DCMAKE_BUILD_TYPE=Release")" +
                     options + R"(],
    // Only the benchmark targets: a gate build compiles what they need and nothing more.
    "build": ["cmake", "--build", "{build}", "--target")" +
                     targets + R"(]
  },
  "suites": [
)";
  std::vector<std::string> names;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const InitSuite& suite = suites[i];
    names.push_back(suite_name_for(suite.target.name, names));
    text += "    { \"name\": " + json_string(names.back()) +
            ", \"binary\": " + json_string(suite.target.artifact);
    if (!suite.from_test.empty()) {
      if (!suite.args.empty()) text += ", \"args\": " + nlohmann::json(suite.args).dump();
      if (!suite.env.empty()) {
        nlohmann::ordered_json env = nlohmann::ordered_json::object();
        for (const auto& [name, value] : suite.env) env[name] = value;
        text += ", \"env\": " + env.dump();
      }
      if (!suite.working_directory.empty())
        text += ", \"working_directory\": " + json_string(suite.working_directory);
    }
    text += std::string(" }") + (i + 1 < suites.size() ? "," : "");
    if (!suite.from_test.empty())
      text += "  // run as the CTest test " + json_string(suite.from_test) + " runs it";
    text += "\n";
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
  const fs::path log = build_dir.path() / "configure.log";
  auto configure = [&](const std::vector<std::string>& defines) {
    std::vector<std::string> argv = {"cmake",
                                     "-S",
                                     repository.string(),
                                     "-B",
                                     build_dir.path().string(),
                                     "-DCMAKE_BUILD_TYPE=Release"};
    argv.insert(argv.end(), defines.begin(), defines.end());
    return runner.run({.argv = argv,
                       .working_directory = repository,
                       .timeout = std::chrono::minutes(10),
                       .stdout_path = log,
                       .stderr_to_stdout = true});
  };
  progress.note("configuring " + repository.string() + " to find its benchmark executables");
  auto configured = configure({});
  if (!configured.succeeded()) {
    throw infrastructure_error("configuring " + repository.string() + " failed (" +
                                   configured.describe_failure() + "):\n" +
                                   util::last_lines(util::read_file_tail(log, 1u << 20), 20),
                               "make `cmake -S . -B build` work first");
  }

  auto executables = build::read_codemodel_executables(build_dir.path());
  auto links_benchmark = [](const build::ExecutableTarget& t) { return t.links_benchmark; };
  std::string tried;  // the benchmark switches tried in vain, for the error
  if (std::none_of(executables.begin(), executables.end(), links_benchmark)) {
    // Many projects build their benchmarks only when asked (option(MYLIB_BUILD_BENCHMARKS OFF)).
    const auto switches = build::benchmark_switches(build::read_cache_entries(build_dir.path()));
    std::vector<std::string> defines;
    for (const auto& name : switches) defines.push_back("-D" + name + "=ON");
    if (!defines.empty()) {
      std::string listed;
      for (const auto& option : defines) listed += " " + option;
      progress.note(
          "no executable links Google Benchmark with the project's defaults: "
          "configuring again with" +
          listed);
      auto switched_on = configure(defines);
      tried = " (nor with" + listed;
      if (switched_on.succeeded()) {
        auto switched = build::read_codemodel_executables(build_dir.path());
        if (std::any_of(switched.begin(), switched.end(), links_benchmark)) {
          executables = std::move(switched);
          result.configure_options = defines;
          result.notes.push_back("the project builds its benchmarks only with" + listed +
                                 ": the config's configure step turns them on");
        }
        tried += ")";
      } else {
        tried += ", which failed to configure: " + switched_on.describe_failure() + "):\n" +
                 util::last_lines(util::read_file_tail(log, 1u << 20), 20);
      }
    }
  }
  auto tests = build::list_ctest_tests(runner, build_dir.path());
  const bool unbuilt_tests = std::any_of(tests.begin(), tests.end(),
                                         [](const auto& test) { return test.command.empty(); });
  if (unbuilt_tests) {
    // CTest names a test's command only once its executable exists: build the benchmarks.
    std::vector<std::string> argv = {"cmake", "--build", build_dir.path().string(), "--target"};
    for (const auto& target : executables) {
      if (target.links_benchmark) argv.push_back(target.name);
    }
    if (argv.size() > 4) {
      progress.note("building the benchmark executables to see how the project's tests run them");
      auto built = runner.run({.argv = argv,
                               .working_directory = repository,
                               .timeout = std::chrono::minutes(30),
                               .stdout_path = build_dir.path() / "build.log",
                               .stderr_to_stdout = true});
      if (built.succeeded()) {
        tests = build::list_ctest_tests(runner, build_dir.path());
      } else {
        result.notes.push_back("the benchmark executables did not build (" +
                               built.describe_failure() + "), so their CTest tests were not read");
      }
    }
  }
  for (auto& target : executables) {
    if (!target.links_benchmark) continue;
    std::string artifact = relative_artifact(target.artifact, build_dir.path());
    if (artifact.empty()) {
      result.skipped.push_back(target.name + ": its binary lands outside the build directory (" +
                               target.artifact + ")");
      continue;
    }
    target.artifact = artifact;
    InitSuite suite{.target = std::move(target)};
    const fs::path binary = (build_dir.path() / suite.target.artifact).lexically_normal();
    for (const auto& test : tests) {
      if (test.command.empty() || fs::path(test.command.front()).lexically_normal() != binary)
        continue;
      std::string why;
      if (!suite_runtime_from_test(test, repository, build_dir.path(), suite, why)) {
        result.notes.push_back(suite.target.name + ": not run as the CTest test " + test.name +
                               " runs it: " + why);
      }
      break;  // the first test that runs it
    }
    result.suites.push_back(std::move(suite));
  }
  std::sort(result.suites.begin(), result.suites.end(),
            [](const auto& a, const auto& b) { return a.target.name < b.target.name; });
  if (result.suites.empty()) {
    throw usage_error(
        "no executable of " + repository.string() + " links Google Benchmark" + tried,
        "add one: find_package(benchmark REQUIRED), add_executable(bench_core bench_core.cpp), "
        "target_link_libraries(bench_core PRIVATE benchmark::benchmark); then run init again");
  }

  const std::string text = init_config_text(result.suites, result.configure_options);
  config::parse_gate_config(text, kConfigFile);  // what we write must be what the gate reads
  util::write_file_atomically(result.config_path, text);
  return result;
}

}  // namespace perfwarden::gate
