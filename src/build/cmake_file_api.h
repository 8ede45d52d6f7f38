#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::build {

// What CMake's File API (codemodel v2, cache v2) says about a configured project, as much as
// `init` needs: the executables, where each lands in the build tree, whether it links Google
// Benchmark, and the cache's options.
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

// One entry of the CMake cache (File API cache-v2): `option()`s are BOOL entries.
struct CMakeCacheEntry {
  std::string name;
  std::string type;   // "BOOL", "STRING", "PATH", "INTERNAL", ...
  std::string value;  // as CMake stores it: "ON", "OFF", "0", "Release", ...
  std::string help;   // the HELPSTRING property (an option's description)
};

// Creates the queries so that the next configure of `build_dir` writes a codemodel and a cache
// reply.
void write_codemodel_query(const std::filesystem::path& build_dir);

// Reads the reply of the last configure: every executable target of the first configuration.
// Throws perfwarden::Error (infrastructure) naming the file when the reply is missing or
// malformed.
std::vector<ExecutableTarget> read_codemodel_executables(const std::filesystem::path& build_dir);

// Creates only the cache query (what a gate build asks for: unoptimised_build_reason()).
void write_cache_query(const std::filesystem::path& build_dir);

// Why a build configured with these cache entries compiles without optimisation: "its
// CMAKE_BUILD_TYPE is empty" or "its CMAKE_BUILD_TYPE is Debug" with no -O1/-O2/-O3/-Os/-Ofast/
// -Oz (or MSVC's /O1, /O2, /Ox) in the flags that type uses; empty when it is optimised, or when a
// multi-config generator (CMAKE_CONFIGURATION_TYPES) picks the type at build time.
std::string unoptimised_build_reason(const std::vector<CMakeCacheEntry>& entries);

// Reads the cache reply of the last configure. Throws like read_codemodel_executables().
std::vector<CMakeCacheEntry> read_cache_entries(const std::filesystem::path& build_dir);

// The project's switches that build its benchmarks and are off: BOOL entries whose name holds
// "BENCH" or whose description says "benchmark" (any case), set to a false constant (OFF, 0,
// FALSE, NO, N, IGNORE, "", *-NOTFOUND). Not Google Benchmark's own options (BENCHMARK_*, when
// it is built in the project), not CMake's (CMAKE_*), and not a switch that turns something off
// (a name with DISABLE, SKIP or NO_). For `init`, when no executable links Google Benchmark
// with the project's defaults. At most 16, sorted.
std::vector<std::string> benchmark_switches(const std::vector<CMakeCacheEntry>& entries);

// The parsers under read_codemodel_executables and read_cache_entries, for tests and fuzzing:
// true, or false with `problem` set; they never throw. The index names the reply file of `kind`.
bool parse_reply_index(std::string_view text, std::string& reply_file, std::string& problem,
                       std::string_view kind = "codemodel-v2");
bool parse_cache(std::string_view text, std::vector<CMakeCacheEntry>& entries,
                 std::string& problem);
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
