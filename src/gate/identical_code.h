#pragma once

// The identical-code short-circuit: a suite whose base and head builds load the same bytes
// (the benchmark binary and every shared library built beside it), in a change that can act
// only through the compiled code, cannot have changed speed. It is not measured: every one of
// its benchmarks is `same (identical code)`, so a docs-only or comment-only pull request gets its
// verdict in seconds and can never be failed by noise.

#include <filesystem>
#include <string>
#include <vector>

#include "config/gate_config.h"
#include "report/report.h"

namespace perfwarden::gate {

// True when no changed path can act at run time except through the built code (policy/
// change_kind.h: code, build files, documentation, the gate's own files).
bool change_acts_only_through_code(const std::vector<std::string>& changed_paths);

// Whether the two builds load the same bytes for this binary: the binary's loadable image, and
// those of every shared library (*.so, *.so.*) in the two build trees, by relative path. False
// with `why` naming the first difference or the file that could not be read.
bool same_loaded_code(const std::filesystem::path& base_binary,
                      const std::filesystem::path& head_binary,
                      const std::filesystem::path& base_build_dir,
                      const std::filesystem::path& head_build_dir, std::string& why);

// The rows of a suite that was not measured: each benchmark, for each metric asked for ("time"
// gives the suite's time field), `same` with the reason.
std::vector<report::BenchmarkResult> identical_code_results(
    const config::Suite& suite, const std::vector<std::string>& names,
    const config::GateConfig& config, const std::vector<std::string>& metrics);

}  // namespace perfwarden::gate
