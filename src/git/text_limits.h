#pragma once

// Helpers for text that comes out of a repository (commit messages, trailers, revspecs): it is
// written by whoever opened the pull request, so it is bounded in size before it is stored and
// stripped of control bytes before it is shown in an error message.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/terminal.h"

namespace perfwarden::git {

// Appended to text that truncate_utf8() shortened, so readers know something is missing.
inline constexpr std::string_view kTruncationMarker = " [truncated]";

// `text` unchanged if it has at most `max_bytes` bytes; otherwise its longest prefix of at most
// `max_bytes` bytes that does not split a UTF-8 sequence, followed by kTruncationMarker.
inline std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands before a lead byte.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  std::string result(text.substr(0, cut));
  result += kTruncationMarker;
  return result;
}

// `text` with every control byte (below 0x20, and 0x7f) written as \xNN, so that it cannot
// move the cursor or recolour the terminal when printed in a diagnostic.
inline std::string printable(std::string_view text) {
  return util::terminal_safe(text, /*keep_line_breaks=*/false);
}

}  // namespace perfwarden::git
