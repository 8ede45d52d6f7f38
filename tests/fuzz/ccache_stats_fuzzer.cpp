// ccache's stats log of a build: the source paths in it come from the revision (untrusted).
// Any bytes count without crashing, and every "# " block is counted exactly once.

#include <algorithm>

#include "build/compiler_cache.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  const std::string_view text = fuzz::as_text(data, size);
  const auto counts = build::parse_ccache_stats_log(text);
  std::size_t blocks = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (text.substr(at, 2) == "# ") ++blocks;
    at = end == std::string_view::npos ? text.size() : end + 1;
  }
  fuzz::require(counts.from_cache >= 0 && counts.compiled >= 0, "a negative count");
  fuzz::require(static_cast<std::size_t>(counts.total()) == blocks, "blocks miscounted");
  return 0;
}
