#pragma once

// Regular expressions that users and pull requests supply (threshold rules, advisory lists,
// hot-path benchmark patterns, Perf-Waiver trailers), compiled once and matched in time linear in
// the text: RE2 has no backtracking and no recursion, so no pattern can hang the gate
// ("BM_(a|a)*b" took 2.1 s per match with std::regex, doubling per character) or overflow its
// stack while compiling.
//
// The syntax is RE2's (https://github.com/google/re2/wiki/Syntax): what ECMAScript and POSIX
// extended regexes share, plus \d \w \s, non-greedy ?, (?i). There are no backreferences (\1)
// and no lookaround ((?=...), (?!...)); counted repetition stops at {1000}.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace perfwarden::util {

class Pattern {
 public:
  static constexpr std::size_t kMaxExpressionBytes = 4096;

  // The compiled pattern, or nullopt with `problem` ("missing ): ...", "longer than 4096
  // bytes") when `expression` is not one.
  static std::optional<Pattern> compile(std::string_view expression, std::string& problem);

  // Whether the pattern matches the whole of `text`.
  bool matches(std::string_view text) const;
  const std::string& expression() const { return expression_; }

 private:
  Pattern(std::string expression, std::shared_ptr<const re2::RE2> regex)
      : expression_(std::move(expression)), regex_(std::move(regex)) {}

  std::string expression_;
  std::shared_ptr<const re2::RE2> regex_;  // immutable and thread-safe: copies share it
};

}  // namespace perfwarden::util
