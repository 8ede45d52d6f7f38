// Sizes, ages and dates from the command line and the environment (--cache-max-size, --max-age,
// PERFWARDEN_CACHE_MAX_*, history's --since): any bytes parse or are rejected, never crash; what
// parses formats back without overflow, a parsed size never exceeds what a 64-bit count holds,
// and a parsed date formats to a date that parses to the same second.

#include "fuzz_contract.h"
#include "util/human_units.h"
#include "util/utc_time.h"

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
  if (auto time = util::parse_utc_time(text)) {
    fuzz::require(*time >= 0, "a date before 1970", text);
    fuzz::require(util::parse_utc_time(util::format_utc_time(*time)) == time,
                  "a date that does not survive formatting", text);
  }
  return 0;
}
