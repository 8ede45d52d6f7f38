// Sizes and ages from the command line and the environment (--cache-max-size, --max-age,
// PERFWARDEN_CACHE_MAX_*): any bytes parse or are rejected, never crash; what parses formats
// back without overflow, and a parsed size never exceeds what a 64-bit count holds.

#include "fuzz_contract.h"
#include "util/human_units.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  const std::string_view text = fuzz::as_text(data, size);
  if (auto bytes = util::parse_byte_size(text)) {
    fuzz::require(!util::format_byte_size(*bytes).empty(), "a size that does not format");
    fuzz::require(*bytes < (std::uint64_t{1} << 63), "a size past 2^63", text);
  }
  if (auto age = util::parse_age(text)) {
    fuzz::require(age->count() >= 0, "a negative age", text);
    fuzz::require(!util::format_age(*age).empty(), "an age that does not format");
  }
  return 0;
}
