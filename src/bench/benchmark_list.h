#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/benchmark_process.h"

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// The names a binary registers (after its filter), from `--benchmark_list_tests=true`: one fresh
// process that runs nothing. Names that Google Benchmark's JSON would not accept either (empty,
// too long, control characters) are left out. Throws BenchmarkFailure like run_benchmark_binary
// when the binary is missing, crashes or times out.
std::vector<std::string> list_benchmarks(util::ProcessRunner& runner, const BenchmarkBinary& binary,
                                         const RunSettings& settings);

// The names in `--benchmark_list_tests` output: one per line (LF or CRLF), unacceptable names
// (bench/benchmark_output.h) left out. Never throws for any text.
std::vector<std::string> parse_benchmark_list(std::string_view text);

}  // namespace perfwarden::bench
