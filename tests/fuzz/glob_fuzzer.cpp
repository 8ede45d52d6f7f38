// Hot-path globs and identity wildcards: input is "<pattern>\n<path>". Matching any pattern
// against any path answers (in time libFuzzer's -timeout bounds), never crashes.

#include "config/glob.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  auto [pattern, path] = fuzz::split_first_line(fuzz::as_text(data, size));
  if (config::path_glob_problem(pattern).empty()) (void)config::path_glob_matches(pattern, path);
  (void)config::wildcard_matches(pattern, path);
  return 0;
}
