#include "util/human_units.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace perfwarden::util {
namespace {

// The leading unsigned decimal ("10", "1.5"); nullopt unless it is all digits with at most one
// point and at least one digit. `rest` gets what follows.
std::optional<double> leading_number(std::string_view text, std::string_view& rest) {
  std::size_t i = 0;
  bool digits = false;
  bool point = false;
  double value = 0.0;
  double scale = 1.0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (point) {
        scale /= 10.0;
        value += (c - '0') * scale;
      } else {
        value = value * 10.0 + (c - '0');
      }
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
    if (i > 40) return std::nullopt;  // no real size or age needs that many characters
  }
  if (!digits) return std::nullopt;
  rest = text.substr(i);
  return value;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::string_view rest;
  auto number = leading_number(text, rest);
  if (!number) return std::nullopt;
  double multiplier = 1.0;
  if (!rest.empty()) {
    switch (lower(rest[0])) {
      case 'k':
        multiplier = 1024.0;
        break;
      case 'm':
        multiplier = 1024.0 * 1024;
        break;
      case 'g':
        multiplier = 1024.0 * 1024 * 1024;
        break;
      case 't':
        multiplier = 1024.0 * 1024 * 1024 * 1024;
        break;
      case 'b':
        multiplier = 1.0;
        break;
      default:
        return std::nullopt;
    }
    std::string_view suffix = rest.substr(1);
    if (lower(rest[0]) == 'b') {
      if (!suffix.empty()) return std::nullopt;
    } else if (!(suffix.empty() || (suffix.size() == 1 && lower(suffix[0]) == 'b') ||
                 (suffix.size() == 2 && lower(suffix[0]) == 'i' && lower(suffix[1]) == 'b'))) {
      return std::nullopt;
    }
  }
  double bytes = std::floor(*number * multiplier);
  // 2^63 is exactly representable; anything at or above it does not fit comfortably.
  if (!(bytes < 9.2e18)) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::optional<std::chrono::seconds> parse_age(std::string_view text) {
  std::string_view rest;
  auto number = leading_number(text, rest);
  if (!number || rest.size() != 1) return std::nullopt;
  double unit = 0.0;
  switch (lower(rest[0])) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    case 'w':
      unit = 7 * 86400;
      break;
    default:
      return std::nullopt;
  }
  double seconds = std::floor(*number * unit);
  if (!(seconds < 1e15)) return std::nullopt;  // ~30 million years
  return std::chrono::seconds(static_cast<long long>(seconds));
}

std::string format_byte_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  if (unit == 0 || value >= 10.0) {
    std::snprintf(text, sizeof text, "%.0f %s", std::floor(value), kUnits[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", std::floor(value * 10.0) / 10.0, kUnits[unit]);
  }
  return text;
}

std::string format_age(std::chrono::seconds age) {
  long long s = std::max<long long>(0, age.count());
  if (s >= 86400) return std::to_string(s / 86400) + "d";
  if (s >= 3600) return std::to_string(s / 3600) + "h";
  if (s >= 60) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace perfwarden::util
