#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::build {

// A test as the project registered it with CTest (add_test): how the project itself runs an
// executable. `perfwarden init` takes a benchmark's flags, environment and working directory
// from the test that runs it, when there is one.
struct CTestTest {
  std::string name;
  // The program (absolute, as CTest resolved it) and its args. CTest lists it only once the
  // program exists: empty for a test whose executable is not built yet.
  std::vector<std::string> command;
  std::string working_directory;                                 // empty when the test sets none
  std::vector<std::pair<std::string, std::string>> environment;  // ENVIRONMENT's NAME=value
};

// Parses `ctest --show-only=json-v1`. True, or false with `problem` set; never throws.
// ENVIRONMENT entries without a name are left out.
bool parse_ctest_tests(std::string_view text, std::vector<CTestTest>& tests, std::string& problem);

// The tests of a configured build directory; empty when ctest is missing or fails (a project
// without tests is the common case, not an error).
std::vector<CTestTest> list_ctest_tests(util::ProcessRunner& runner,
                                        const std::filesystem::path& build_dir);

}  // namespace perfwarden::build
