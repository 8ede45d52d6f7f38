#include <gtest/gtest.h>

#include "config/glob.h"
#include "config/hot_paths.h"

namespace perfwarden::config {
namespace {

TEST(ConfigGlob, StarStaysWithinASegment) {
  EXPECT_TRUE(path_glob_matches("src/*.cpp", "src/pager.cpp"));
  EXPECT_FALSE(path_glob_matches("src/*.cpp", "src/db/pager.cpp"));
  EXPECT_TRUE(path_glob_matches("src/db/pa?er.cpp", "src/db/pager.cpp"));
  EXPECT_FALSE(path_glob_matches("src/db/pa?er.cpp", "src/db/pa/er.cpp"));
}

TEST(ConfigGlob, DoubleStarCrossesSegments) {
  EXPECT_TRUE(path_glob_matches("src/db/**", "src/db/pager.cpp"));
  EXPECT_TRUE(path_glob_matches("src/db/**", "src/db/btree/node.cpp"));
  EXPECT_FALSE(path_glob_matches("src/db/**", "src/db"));  // what is inside, not the name itself
  EXPECT_FALSE(path_glob_matches("src/db/**", "src/dbx/a.cpp"));
  EXPECT_TRUE(path_glob_matches("src/**/planner.cpp", "src/planner.cpp"));  // zero segments
  EXPECT_TRUE(path_glob_matches("src/**/planner.cpp", "src/db/sql/planner.cpp"));
  EXPECT_TRUE(path_glob_matches("**/planner.cpp", "planner.cpp"));
  EXPECT_TRUE(path_glob_matches("**/planner.cpp", "a/b/planner.cpp"));
  EXPECT_TRUE(path_glob_matches("src/**/*.h", "src/a/b/c.h"));
  EXPECT_FALSE(path_glob_matches("src/**/*.h", "include/c.h"));
  EXPECT_TRUE(path_glob_matches("src/a**.h", "src/abc.h"));  // not a whole segment: like '*'
  EXPECT_FALSE(path_glob_matches("src/a**.h", "src/a/b.h"));
}

TEST(ConfigGlob, PatternsWithoutSlashMatchNamesAtAnyDepth) {
  EXPECT_TRUE(path_glob_matches("*.h", "x.h"));
  EXPECT_TRUE(path_glob_matches("*.h", "src/db/x.h"));
  EXPECT_FALSE(path_glob_matches("*.h", "src/db/x.hpp"));
  EXPECT_TRUE(path_glob_matches("bench", "suites/bench/b.cpp"));  // a directory at any depth
  EXPECT_TRUE(path_glob_matches("bench/", "suites/bench/b.cpp"));
  EXPECT_FALSE(path_glob_matches("bench/", "suites/bench"));  // trailing '/': directories only
  EXPECT_TRUE(path_glob_matches("bench", "suites/bench"));
}

TEST(ConfigGlob, LeadingSlashOrInnerSlashAnchorsAtTheRoot) {
  EXPECT_TRUE(path_glob_matches("/planner.cpp", "planner.cpp"));
  EXPECT_FALSE(path_glob_matches("/planner.cpp", "src/planner.cpp"));
  EXPECT_TRUE(path_glob_matches("/src/db", "src/db/pager.cpp"));  // a directory covers its files
  EXPECT_TRUE(path_glob_matches("src/db", "src/db/pager.cpp"));
  EXPECT_FALSE(path_glob_matches("db/pager.cpp", "src/db/pager.cpp"));
  EXPECT_TRUE(path_glob_matches("/docs/", "docs/a.md"));
}

TEST(ConfigGlob, OtherCharactersAreLiteralAndCaseMatters) {
  EXPECT_TRUE(path_glob_matches("src/[x].h", "src/[x].h"));
  EXPECT_FALSE(path_glob_matches("src/[x].h", "src/x.h"));
  EXPECT_FALSE(path_glob_matches("SRC/**", "src/a.cpp"));
}

TEST(ConfigGlob, BadPatternsAreNamed) {
  EXPECT_FALSE(path_glob_problem("").empty());
  EXPECT_FALSE(path_glob_problem("/").empty());
  EXPECT_FALSE(path_glob_problem("src//db").empty());
  EXPECT_FALSE(path_glob_problem("../src").empty());
  EXPECT_FALSE(path_glob_problem("src/./db").empty());
  EXPECT_TRUE(path_glob_problem("/src/db/").empty());
  EXPECT_FALSE(path_glob_matches("../x", "x"));
}

TEST(ConfigGlob, WildcardsForIdentitiesIgnoreCaseAndBrackets) {
  EXPECT_TRUE(wildcard_matches("*[bot]", "dependabot[bot]"));
  EXPECT_FALSE(wildcard_matches("*[bot]", "robot"));
  EXPECT_TRUE(wildcard_matches("noreply@anthropic.com", "NoReply@Anthropic.com"));
  EXPECT_TRUE(wildcard_matches("aider (*)", "aider (gpt-4o)"));
  EXPECT_TRUE(wildcard_matches("c?de*", "Code"));
  EXPECT_FALSE(wildcard_matches("Claude", "Claude Monet"));
  EXPECT_FALSE(wildcard_matches("a*a*a*a*a*b", std::string(200, 'a')));  // no blow-up either
}

util::Pattern compiled(std::string_view expression) {
  std::string problem;
  auto pattern = util::Pattern::compile(expression, problem);
  EXPECT_TRUE(pattern) << problem;
  return *pattern;
}

TEST(ConfigHotPaths, LastMatchingRuleWins) {
  HotPaths hot;
  hot.rules.push_back({{"src/**"}, compiled("BM_.*"), {"ada@example.com"}});
  hot.rules.push_back({{"src/db/**", "*.sql"}, compiled("BM_Pk.*"), {"grace@example.com"}});
  hot.rules.push_back({{"src/db/README.md"}, std::nullopt, {}});  // unowned again
  EXPECT_EQ(hot.rule_for("src/util/a.cpp"), &hot.rules[0]);
  EXPECT_EQ(hot.rule_for("src/db/pager.cpp"), &hot.rules[1]);
  EXPECT_EQ(hot.rule_for("schema/x.sql"), &hot.rules[1]);
  EXPECT_EQ(hot.rule_for("src/db/README.md"), &hot.rules[2]);
  EXPECT_EQ(hot.rule_for("docs/a.md"), nullptr);
  EXPECT_TRUE(covers_benchmark(hot.rules[1], "core", "BM_PkLookup/64"));
  EXPECT_TRUE(covers_benchmark(hot.rules[0], "core", "BM_Work"));
  EXPECT_FALSE(covers_benchmark(hot.rules[1], "core", "BM_Work"));
  EXPECT_FALSE(covers_benchmark(hot.rules[2], "core", "BM_Work"));
}

}  // namespace
}  // namespace perfwarden::config
