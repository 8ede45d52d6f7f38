// One callgrind profile dump: parse_callgrind_dump returns true or false with a problem, and
// never throws.

#include "bench/callgrind_output.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  bench::CallgrindDump dump;
  std::string problem;
  try {
    if (!bench::parse_callgrind_dump(fuzz::as_text(data, size), dump, problem)) {
      fuzz::require(!problem.empty(), "refused without a problem");
    }
  } catch (const std::exception& e) {
    fuzz::violation("parse_callgrind_dump threw", e.what());
  }
  return 0;
}
