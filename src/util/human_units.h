#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace perfwarden::util {

// Sizes and ages as people type them on a command line or in an environment variable.
//
// A size is a number with an optional binary suffix: "500M", "10G", "1.5G", "2048K", "1T",
// "4096" (bytes); the suffix may be followed by "B" or "iB" ("10GB", "10GiB": both 10 x 2^30) and
// is case-insensitive. An age is a number with a unit: "7d", "12h", "30m", "90s", "2w".
// Both reject empty text, signs, white space, NaN and anything that overflows (nullopt).
std::optional<std::uint64_t> parse_byte_size(std::string_view text);
std::optional<std::chrono::seconds> parse_age(std::string_view text);

// "1.2 GiB", "340 MiB", "12 KiB", "512 B".
std::string format_byte_size(std::uint64_t bytes);
// "3d", "5h", "12m", "40s": the largest unit that fits, rounded down.
std::string format_age(std::chrono::seconds age);

}  // namespace perfwarden::util
