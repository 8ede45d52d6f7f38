#include "util/pattern.h"

#include <re2/re2.h>

#include "util/terminal.h"

namespace perfwarden::util {

std::optional<Pattern> Pattern::compile(std::string_view expression, std::string& problem) {
  if (expression.size() > kMaxExpressionBytes) {
    problem = "is longer than " + std::to_string(kMaxExpressionBytes) + " bytes";
    return std::nullopt;
  }
  if (expression.find('\0') != std::string_view::npos) {
    problem = "contains a NUL byte";
    return std::nullopt;
  }
  re2::RE2::Options options;
  options.set_log_errors(false);    // the caller reports, naming the field
  options.set_max_mem(4 << 20);     // bounds the compiled program: huge repetitions fail here
  options.set_never_capture(true);  // groups only group; matching is a yes/no
  auto regex = std::make_shared<const re2::RE2>(
      re2::StringPiece(expression.data(), expression.size()), options);
  if (!regex->ok()) {
    // RE2 quotes the offending part of the pattern, which may hold any bytes.
    problem = terminal_safe(regex->error(), /*keep_line_breaks=*/false);
    return std::nullopt;
  }
  return Pattern(std::string(expression), std::move(regex));
}

bool Pattern::matches(std::string_view text) const {
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *regex_);
}

}  // namespace perfwarden::util
