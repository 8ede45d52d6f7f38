#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::build {

// What CMake's File API (codemodel v2) says about a configured project, as much as `init` needs:
// the executables, where each lands in the build tree, and whether it links Google Benchmark.
// A query file written before configure makes CMake write the reply (CMake 3.14+):
//   <build>/.cmake/api/v1/query/codemodel-v2  →  <build>/.cmake/api/v1/reply/index-*.json
//   → codemodel-v2-*.json (targets per configuration) → target-*.json (one per target)
// The reply comes from configuring a project perfwarden did not write: every file is read
// bounded, every field checked, and a file name that is not a plain name is refused.

struct ExecutableTarget {
  std::string name;      // the CMake target name
  std::string artifact;  // its path relative to the build directory, e.g. "bench/bench_core"
  bool links_benchmark = false;  // links libbenchmark (system or built in the project)
};

// Creates the query so that the next configure of `build_dir` writes a codemodel reply.
void write_codemodel_query(const std::filesystem::path& build_dir);

// Reads the reply of the last configure: every executable target of the first configuration.
// Throws perfwarden::Error (infrastructure) naming the file when the reply is missing or
// malformed.
std::vector<ExecutableTarget> read_codemodel_executables(const std::filesystem::path& build_dir);

// The three parsers under read_codemodel_executables, for tests and fuzzing: true, or false with
// `problem` set; they never throw.
bool parse_reply_index(std::string_view text, std::string& codemodel_file, std::string& problem);
bool parse_codemodel(std::string_view text, std::vector<std::string>& target_files,
                     std::string& problem);
// `is_executable` false for libraries and utilities (then `target` holds only the name).
bool parse_codemodel_target(std::string_view text, ExecutableTarget& target, bool& is_executable,
                            std::string& problem);

// Whether one link command fragment (or a dependency's target id) is Google Benchmark:
// "/usr/lib/x86_64-linux-gnu/libbenchmark.so.1.7.1", "third_party/benchmark/src/libbenchmark.a",
// "-lbenchmark", "libbenchmark_main.a"; not "libbenchmark_utils.a" or "mybenchmark.a".
bool is_google_benchmark_library(std::string_view fragment);

}  // namespace perfwarden::build
