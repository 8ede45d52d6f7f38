// `--benchmark_list_tests` output (the pull request's binary printed it): only acceptable names
// come out, never an exception.

#include "bench/benchmark_list.h"
#include "bench/benchmark_output.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  for (const auto& name : bench::parse_benchmark_list(fuzz::as_text(data, size))) {
    fuzz::require(bench::is_acceptable_benchmark_name(name), "an unacceptable name", name);
  }
  return 0;
}
