// C/C++ source text of a pull request, scanned for Google Benchmark registrations: any bytes
// give an answer in one linear pass, never an exception; every name is bounded.

#include "bench/benchmark_registrations.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  bench::BenchmarkRegistrations found;
  try {
    found = bench::scan_benchmark_registrations(fuzz::as_text(data, size));
  } catch (const std::exception& e) {
    fuzz::violation("scan_benchmark_registrations threw", e.what());
  }
  fuzz::require(found.names.size() <= bench::kMaxRegistrationsPerFile, "too many names");
  for (const auto& name : found.names) {
    fuzz::require(!name.empty() && name.size() <= 2 * 256 + 1, "a name out of bounds", name);
    fuzz::require(bench::in_family(name, name), "a name outside its own family", name);
  }
  fuzz::require(found.names.empty() || found.defines_benchmarks, "names without a definition");
  return 0;
}
