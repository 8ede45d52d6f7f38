// CTest's test list (`ctest --show-only=json-v1` of a project `perfwarden init` did not write):
// the parser returns true or false with a problem and never throws; every environment entry it
// keeps has a name.

#include "build/ctest_tests.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  try {
    std::vector<build::CTestTest> tests;
    std::string problem;
    if (build::parse_ctest_tests(fuzz::as_text(data, size), tests, problem)) {
      for (const auto& test : tests) {
        for (const auto& [name, value] : test.environment)
          fuzz::require(!name.empty() && name.find('=') == std::string::npos,
                        "an environment entry without a proper name", name);
      }
    } else {
      fuzz::require(!problem.empty(), "refused without a problem");
    }
  } catch (const std::exception& e) {
    fuzz::violation("the CTest test-list parser threw", e.what());
  }
  return 0;
}
