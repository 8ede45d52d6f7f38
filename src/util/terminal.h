#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace perfwarden::util {

enum class ColorMode { kAuto, kAlways, kNever };

// Resolves --color against the environment: NO_COLOR (any value) disables colour,
// CLICOLOR_FORCE (non-zero) forces it, otherwise colour only when `stream` is a terminal.
bool use_color(ColorMode mode, std::FILE* stream);
bool is_terminal(std::FILE* stream);

// `text` for a terminal: control bytes (below 0x20, and 0x7f) as \xNN, so that untrusted text
// quoted in a diagnostic cannot move the cursor, recolour or retitle the terminal. Line feed and
// tab stay unless `keep_line_breaks` is false (text meant to stay on one line).
std::string terminal_safe(std::string_view text, bool keep_line_breaks = true);

enum class Style { kRed, kGreen, kYellow, kBold, kDim };
std::string styled(std::string_view text, Style style, bool color);

// Status lines on stderr. On a terminal a progress line is redrawn in place; elsewhere
// (CI logs) progress is silent and only `note` lines are printed, so logs stay readable.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::string_view line);  // transient, terminal only
  void note(std::string_view line);    // permanent, always printed
  void clear();

 private:
  bool enabled_;
  bool line_shown_ = false;
};

}  // namespace perfwarden::util
