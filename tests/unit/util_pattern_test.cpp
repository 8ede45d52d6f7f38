#include <gtest/gtest.h>

#include "util/pattern.h"

namespace perfwarden::util {
namespace {

Pattern compiled(std::string_view expression) {
  std::string problem;
  auto pattern = Pattern::compile(expression, problem);
  EXPECT_TRUE(pattern) << expression << ": " << problem;
  return pattern ? *pattern : *Pattern::compile("", problem);
}

std::string pattern_problem_of(std::string_view expression) {
  std::string problem;
  EXPECT_FALSE(Pattern::compile(expression, problem)) << expression;
  return problem;
}

TEST(UtilPattern, MatchesTheWholeText) {
  Pattern pattern = compiled("BM_Pk.*");
  EXPECT_TRUE(pattern.matches("BM_PkLookup/64"));
  EXPECT_FALSE(pattern.matches("core/BM_PkLookup"));
  EXPECT_FALSE(compiled("Noisy").matches("BM_Noisy"));
  EXPECT_TRUE(compiled(R"(BM_\w+/\d+)").matches("BM_Work/4096"));
  EXPECT_TRUE(compiled("(?i)bm_x").matches("BM_X"));
  EXPECT_EQ(compiled("a|b").expression(), "a|b");
}

TEST(UtilPattern, WhatStdRegexCrashedOrHungOnIsRefusedOrLinear) {
  // Signed overflow inside libstdc++'s regex compiler (UBSan). RE2 reads a count it cannot
  // parse as literal text, and has no backreferences.
  EXPECT_TRUE(compiled("a{99999999999999999999}").matches("a{99999999999999999999}"));
  EXPECT_EQ(pattern_problem_of(R"((a)\99999999999999999999)"), "invalid escape sequence: \\9");
  EXPECT_NE(pattern_problem_of(R"((a)\1)"), "");
  EXPECT_NE(pattern_problem_of("(?=a)"), "");  // no lookaround
  EXPECT_NE(pattern_problem_of("a{1001}"), "");
  EXPECT_NE(pattern_problem_of("(a{1000}){1000}"), "");  // the compiled program would be too large
  EXPECT_NE(pattern_problem_of(std::string(20'000, 'a')).find("longer than 4096 bytes"),
            std::string::npos);
  EXPECT_EQ(pattern_problem_of(std::string("a\0b", 3)), "contains a NUL byte");
  // Exponential for a backtracking engine (2.1 s at 27 characters with std::regex, doubling per
  // character); here it is one linear scan of 100k characters.
  EXPECT_FALSE(compiled("BM_(a|a)*b").matches("BM_" + std::string(100'000, 'a')));
  EXPECT_TRUE(compiled(std::string(4000, 'a')).matches(std::string(4000, 'a')));
}

TEST(UtilPattern, TextIsUtf8AndAnyBytesAreSafe) {
  EXPECT_TRUE(compiled("BM_.").matches("BM_\xc3\xa9"));  // one code point
  // Invalid UTF-8 in a name from a benchmark binary: an answer, never a crash.
  (void)compiled("BM_.*").matches("BM_\xff\xfe");
  EXPECT_EQ(pattern_problem_of("\xff"), "invalid UTF-8");
}

}  // namespace
}  // namespace perfwarden::util
