#pragma once

#include <string>
#include <string_view>

namespace perfwarden::util {

// `literal` with regex metacharacters backslash-escaped, valid in both POSIX extended regexes
// (Google Benchmark 1.7's --benchmark_filter) and RE2 (util::Pattern, our config patterns).
inline std::string escape_regex(std::string_view literal) {
  constexpr std::string_view kSpecial = R"(\.^$|?*+()[]{})";
  std::string escaped;
  escaped.reserve(literal.size());
  for (char c : literal) {
    if (kSpecial.find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace perfwarden::util
