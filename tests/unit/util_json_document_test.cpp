#include <gtest/gtest.h>

#include "util/json_document.h"
#include "util/json_fields.h"

namespace perfwarden::util {
namespace {

// The problem parse_json_document reports for `text` ("" when it parses).
std::string problem_of(std::string_view text, const JsonLimits& limits = {}) {
  try {
    parse_json_document(text, limits);
  } catch (const JsonProblem& p) {
    return p.describe();
  }
  return "";
}

TEST(UtilJsonDocument, ANumberOutOfRangeIsRefusedAtItsField) {
  EXPECT_EQ(problem_of(R"({"thresholds": {"default": 1e400}})"),
            "field 'thresholds.default': number 1e400 is out of range");
  EXPECT_EQ(problem_of(R"({"suites": [{"name": "a"}, {"n": -1e999}]})"),
            "field 'suites[1].n': number -1e999 is out of range");
  EXPECT_EQ(problem_of("[1, 2, 1e400]"), "field '[2]': number 1e400 is out of range");
  EXPECT_EQ(problem_of("1e400"), "number 1e400 is out of range");
}

TEST(UtilJsonDocument, SyntaxErrorsSayWhereWithoutTheLibraryTag) {
  std::string problem = problem_of("{\n  \"a\": [1, 2,]\n}");
  EXPECT_EQ(problem.rfind("field 'a[2]': not valid JSON: parse error at line 2, column 14", 0), 0u)
      << problem;
  EXPECT_EQ(problem.find("[json.exception"), std::string::npos);
  EXPECT_NE(problem_of("").find("not valid JSON"), std::string::npos);
  EXPECT_NE(problem_of("{} {}").find("not valid JSON"), std::string::npos);
  EXPECT_NE(problem_of("\"\xff\"").find("not valid JSON"), std::string::npos);  // invalid UTF-8
}

TEST(UtilJsonDocument, LimitsAreEnforcedWhileParsing) {
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  std::string at_level_65;
  for (int i = 0; i < 64; ++i) at_level_65 += "[0]";
  EXPECT_EQ(problem_of(deep), "field '" + at_level_65 + "': nested deeper than 64 levels");
  EXPECT_EQ(problem_of(std::string(64, '[') + std::string(64, ']')), "");
  // A million levels: refused at level 65, no recursion anywhere.
  EXPECT_NE(problem_of(std::string(1'000'000, '[')).find("nested deeper"), std::string::npos);
  EXPECT_EQ(problem_of("[1, 2, 3, 4]", {.max_values = 4}), "field '[3]': more than 4 values");
  EXPECT_EQ(problem_of("[1, 2, 3]", {.max_values = 4}), "");
  EXPECT_EQ(problem_of("[1, 2, 3]", {.max_bytes = 8}), "is 9 bytes, more than the limit of 8");
}

TEST(UtilJsonDocument, DuplicateKeysAreRefused) {
  EXPECT_EQ(problem_of(R"({"a": {"b": 1, "b": 2}})"), "field 'a.b': duplicate key");
}

TEST(UtilJsonDocument, CommentsOnlyWhenAllowed) {
  const char* text = "{ // a comment\n \"a\": /* inline */ 1 }";
  EXPECT_NE(problem_of(text), "");
  EXPECT_EQ(problem_of(text, {.allow_comments = true}), "");
}

TEST(UtilJsonDocument, KeepsKeyOrderAndValues) {
  Json document = parse_json_document(R"({"z": 1, "a": [true, null, "x\u0000y"], "m": 2.5,
                                          "big": 18446744073709551615, "neg": -9223372036854775808})");
  std::vector<std::string> keys;
  for (const auto& [key, value] : document.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"z", "a", "m", "big", "neg"}));
  EXPECT_EQ(document["a"][2].get<std::string>(), std::string("x\0y", 3));
  EXPECT_EQ(document["big"].get<std::uint64_t>(), 18446744073709551615ULL);
  EXPECT_EQ(document["neg"].get<std::int64_t>(), INT64_MIN);
  EXPECT_DOUBLE_EQ(document["m"].get<double>(), 2.5);
}

TEST(UtilJsonDocument, ManyKeysInOneObjectStayLinear) {
  // ordered_map inserts by linear search: 200k keys would take 2e10 compares that way.
  std::string text = "{";
  for (int i = 0; i < 200'000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  text += "}";
  Json document = parse_json_document(text);
  EXPECT_EQ(document.size(), 200'000u);
}

TEST(UtilJsonDocument, ReadingConvertsStrayLibraryExceptions) {
  try {
    read_json_document(R"({"a": "text"})", {},
                       [](const Json& root) { return root["a"].get<int>(); });
    FAIL();
  } catch (const JsonProblem& p) {
    EXPECT_NE(p.problem().find("unreadable value"), std::string::npos) << p.problem();
  }
}

TEST(UtilJsonFields, IntegersAreCheckedForRangeBeforeNarrowing) {
  JsonFields f("fix it");
  auto integer = [&](const char* text) {
    try {
      return std::to_string(f.require_integer(parse_json_document(text), "n", 1, 1000));
    } catch (const JsonProblem& p) {
      EXPECT_EQ(p.fix(), "e.g. 1");
      return p.describe();
    }
  };
  EXPECT_EQ(integer("10"), "10");
  EXPECT_EQ(integer("10.0"), "10");
  EXPECT_EQ(integer("4294967297"),
            "field 'n': expected a whole number from 1 to 1000, got 4294967297");
  EXPECT_EQ(integer("18446744073709551615"),
            "field 'n': expected a whole number from 1 to 1000, got 18446744073709551615");
  EXPECT_EQ(integer("1e10"),
            "field 'n': expected a whole number from 1 to 1000, got 10000000000.0");
  EXPECT_EQ(integer("2.5"), "field 'n': expected a whole number from 1 to 1000, got 2.5");
  EXPECT_EQ(integer("-1"), "field 'n': expected a whole number from 1 to 1000, got -1");
  EXPECT_EQ(integer("null"), "field 'n': expected a whole number from 1 to 1000, got null");
}

TEST(UtilJsonFields, MissingAndMistypedFieldsNameTheirPath) {
  JsonFields f("the default fix");
  Json document = parse_json_document(R"({"a": {"b": 3}})");
  try {
    f.member(document["a"], "a", "c");
    FAIL();
  } catch (const JsonProblem& p) {
    EXPECT_EQ(p.describe(), "field 'a.c': missing");
    EXPECT_EQ(p.fix(), "the default fix");
  }
  try {
    f.string_member(document["a"], "a", "b");
    FAIL();
  } catch (const JsonProblem& p) {
    EXPECT_EQ(p.describe(), "field 'a.b': expected a string, got number");
    EXPECT_EQ(p.fix(), "quote it");
  }
}

}  // namespace
}  // namespace perfwarden::util
