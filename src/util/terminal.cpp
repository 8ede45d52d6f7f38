#include "util/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace perfwarden::util {

bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

bool use_color(ColorMode mode, std::FILE* stream) {
  switch (mode) {
    case ColorMode::kAlways:
      return true;
    case ColorMode::kNever:
      return false;
    case ColorMode::kAuto:
      break;
  }
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  if (const char* force = std::getenv("CLICOLOR_FORCE"); force && std::strcmp(force, "0") != 0) {
    return true;
  }
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return is_terminal(stream);
}

std::string styled(std::string_view text, Style style, bool color) {
  if (!color) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::kRed:
      code = "\x1b[31m";
      break;
    case Style::kGreen:
      code = "\x1b[32m";
      break;
    case Style::kYellow:
      code = "\x1b[33m";
      break;
    case Style::kBold:
      code = "\x1b[1m";
      break;
    case Style::kDim:
      code = "\x1b[2m";
      break;
  }
  return std::string(code) + std::string(text) + "\x1b[0m";
}

void Progress::update(std::string_view line) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\x1b[2K%.*s", static_cast<int>(line.size()), line.data());
  std::fflush(stderr);
  line_shown_ = true;
}

void Progress::note(std::string_view line) {
  clear();
  std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  std::fflush(stderr);
}

void Progress::clear() {
  if (!line_shown_) return;
  std::fprintf(stderr, "\r\x1b[2K");
  std::fflush(stderr);
  line_shown_ = false;
}

std::string terminal_safe(std::string_view text, bool keep_line_breaks) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool line_break = c == '\n' || c == '\t';
    if ((byte < 0x20 && !(keep_line_breaks && line_break)) || byte == 0x7f) {
      result += "\\x";
      result += kHex[byte >> 4U];
      result += kHex[byte & 0x0FU];
    } else {
      result += c;
    }
  }
  return result;
}

}  // namespace perfwarden::util
