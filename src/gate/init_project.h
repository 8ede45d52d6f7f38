#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "build/cmake_file_api.h"
#include "build/ctest_tests.h"

namespace perfwarden::util {
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::gate {

struct InitOptions {
  std::filesystem::path repository = ".";
  bool force = false;  // replace an existing perfwarden.json
};

// A benchmark executable found, and how the project runs it when a CTest test does (its
// flags without --benchmark_*, its environment, its working directory, with the source and build
// directories written as {src} and {build}).
struct InitSuite {
  build::ExecutableTarget target;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_directory;
  std::string from_test;  // the CTest test they came from; empty when none runs the executable
};

struct InitResult {
  std::filesystem::path config_path;
  std::vector<InitSuite> suites;     // the benchmark executables found
  std::vector<std::string> skipped;  // found but not usable, each with why
  std::vector<std::string> notes;    // what was detected and not used, each with why
  // Options the configure step needs for the benchmarks to exist ("-DMYLIB_BUILD_BENCHMARKS=ON"):
  // set when the project's defaults build none and its benchmark switches do.
  std::vector<std::string> configure_options;
};

// `perfwarden init`: configures the project once in a temporary build directory with a CMake
// File API query, finds the executables that link Google Benchmark (when none does, configures
// again with the project's benchmark switches on, see build::benchmark_switches) and writes
// perfwarden.json
// (atomically, after parsing it back): a recipe that builds only those targets, one suite each,
// the default thresholds and a commented owners/hot-paths skeleton. Reads the worktree (there may
// be no commit yet) and changes nothing in it but that one file. Throws perfwarden::Error: usage
// for an existing file without `force`, a directory without CMakeLists.txt or a project without a
// benchmark executable (with how to add one); infrastructure when configuring fails.
InitResult run_init(const InitOptions& options, util::ProcessRunner& runner,
                    util::Progress& progress);

// The config text for these suites (pure; what run_init writes), configured with
// `configure_options` besides the Release build type.
std::string init_config_text(const std::vector<InitSuite>& suites,
                             const std::vector<std::string>& configure_options = {});

// How `test` runs the benchmark at `artifact` (absolute), as placeholders; false with `why` when
// it cannot be said in perfwarden.json (a working directory outside both trees, text that looks
// like an unknown placeholder).
bool suite_runtime_from_test(const build::CTestTest& test, const std::filesystem::path& source_dir,
                             const std::filesystem::path& build_dir, InitSuite& suite,
                             std::string& why);

// A suite name from a target name: letters, digits, '_', '-', '.' (others become '_'), at most
// 64 characters, made unique against `taken` with a numeric suffix.
std::string suite_name_for(const std::string& target, const std::vector<std::string>& taken);

}  // namespace perfwarden::gate
