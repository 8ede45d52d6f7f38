#pragma once

// What every fuzz target asserts about the parser it drives: it succeeds, or it fails the
// documented way (a perfwarden::Error with the documented exit code, or `false` with a
// problem), never with any other exception; and text it produces for a report stays
// well-formed. A violation aborts, which libFuzzer (and the corpus replay) reports as a crash.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "util/error.h"
#include "util/utf8.h"

namespace perfwarden::fuzz {

[[noreturn]] inline void violation(std::string_view what, std::string_view detail) {
  const std::string message =
      "fuzz contract violated: " + std::string(what) + ": " + std::string(detail) + "\n";
  std::fputs(message.c_str(), stderr);
  std::abort();
}

inline void require(bool condition, std::string_view what, std::string_view detail = {}) {
  if (!condition) violation(what, detail);
}

// Runs `parse`; true when it returned, false when it threw perfwarden::Error with `code`.
template <class Parse>
bool succeeds_or_fails_with(ExitCode code, Parse&& parse) {
  try {
    parse();
    return true;
  } catch (const Error& e) {
    if (e.exit_code() != code) violation("an error with the wrong exit code", e.what());
    if (e.fix().empty()) violation("an error without its fix", e.what());
    return false;
  } catch (const std::exception& e) {
    violation("an undocumented exception", e.what());
  } catch (...) {
    violation("an undocumented exception", "(not a std::exception)");
  }
}

// Text a renderer wrote: valid UTF-8 without control characters other than tab, LF and CR.
inline void require_clean_document(std::string_view format, std::string_view text) {
  require(util::is_valid_utf8(text), format, "invalid UTF-8 in the output");
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
      violation(format, "a control character in the output");
    }
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits fuzz input at its first line feed: two strings from one input (pattern and subject).
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view text) {
  auto end = text.find('\n');
  if (end == std::string_view::npos) return {text, {}};
  return {text.substr(0, end), text.substr(end + 1)};
}

}  // namespace perfwarden::fuzz
