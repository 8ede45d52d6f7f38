#pragma once

// UTF-8 as untrusted text arrives: names and messages from benchmark binaries and commits may
// hold any bytes, and every output format needs valid UTF-8.

#include <functional>
#include <string>
#include <string_view>

namespace perfwarden::util {

// Calls `emit(code_point, bytes)` for each UTF-8 sequence of `text`; an invalid sequence (bad
// lead byte, truncated, overlong, surrogate, beyond U+10FFFF) is passed as U+FFFD, one byte at a
// time.
void for_each_code_point(std::string_view text,
                         const std::function<void(char32_t, std::string_view)>& emit);

// `text` with invalid UTF-8 sequences replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

bool is_valid_utf8(std::string_view text);

}  // namespace perfwarden::util
