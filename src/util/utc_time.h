#pragma once

// Calendar dates as people type them (--since) and as reports show commit times: UTC only, so
// that a report reads the same on every machine.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perfwarden::util {

// "2024-05-01" (midnight UTC), "2024-05-01T12:30Z", "2024-05-01T12:30:15Z" (the Z may be left
// out; a space may stand for the T) -> seconds since the epoch. nullopt for anything else,
// including impossible dates ("2024-02-30") and years before 1970 or after 9999.
std::optional<std::int64_t> parse_utc_time(std::string_view text);

std::string format_utc_date(std::int64_t seconds);  // "2024-05-01"
std::string format_utc_time(std::int64_t seconds);  // "2024-05-01T12:30:15Z"

}  // namespace perfwarden::util
