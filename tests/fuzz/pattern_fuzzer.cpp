// Patterns a config or a Perf-Waiver trailer supplies: input is "<pattern>\n<benchmark name>".
// Compiling fails with a problem or gives a pattern whose matching is linear in the name.

#include "fuzz_contract.h"
#include "util/pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  auto [expression, name] = fuzz::split_first_line(fuzz::as_text(data, size));
  std::string problem;
  auto pattern = util::Pattern::compile(expression, problem);
  if (!pattern) {
    fuzz::require(!problem.empty(), "refused without a problem");
    return 0;
  }
  (void)pattern->matches(name);
  return 0;
}
