#pragma once

// Which files define Google Benchmark benchmarks, read from their source text: the named-owner
// policy treats a change to one like a change to a hot path, because editing a benchmark (its
// timed loop, its registration, its name) is how a pull request could make the gate measure less.

#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::bench {

struct BenchmarkRegistrations {
  // The file registers benchmarks, calls BENCHMARK_MAIN or has a function taking a
  // benchmark::State (a timed loop, even in a helper the registering file calls).
  bool defines_benchmarks = false;
  // Family names of what it registers, as Google Benchmark names them: "BM_Work" for
  // BENCHMARK(BM_Work), "Fixture/Name" for BENCHMARK_F and its kin, "BM_Find/small" for
  // BENCHMARK_CAPTURE(BM_Find, small, ...), and the string given to RegisterBenchmark("...")
  // or ->Name("..."). A measured benchmark belongs to a family when its name is the family or
  // starts with it followed by '/' or '<'.
  std::vector<std::string> names;
};

inline constexpr std::size_t kMaxRegistrationsPerFile = 10'000;

// Scans C/C++ source text in one linear pass (comments, string and raw string literals are
// skipped), tolerating any bytes and unbalanced code. Never throws.
BenchmarkRegistrations scan_benchmark_registrations(std::string_view source);

// Whether `path` names a C or C++ source or header by its extension (.cpp, .cc, .cxx, .c, .h,
// .hpp, .hh, .hxx, .inl, .ipp, .tpp, .cu, case-insensitive): the files worth scanning.
bool is_cxx_source_path(std::string_view path);

// Whether the measured benchmark `name` belongs to the registered `family`.
bool in_family(std::string_view name, std::string_view family);

}  // namespace perfwarden::bench
