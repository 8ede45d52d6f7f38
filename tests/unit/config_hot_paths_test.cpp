#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "util/error.h"

namespace perfwarden::config {
namespace {

std::string with(const std::string& sections) {
  return R"({"suites": [{"name": "core", "binary": "bench_core"}],
             "owners": [{"name": "Ada Lovelace", "email": "ada@example.com", "handle": "ada", "maintainer": true},
                        {"name": "Grace Hopper", "email": "grace@example.com"}])" +
         (sections.empty() ? "" : ", " + sections) + "}";
}

std::string hot_paths_error_of(const std::string& text) {
  try {
    parse_gate_config(text, "perfwarden.json");
  } catch (const Error& e) {
    EXPECT_FALSE(e.fix().empty()) << e.what();
    return e.what();
  }
  return "";
}

TEST(ConfigHotPaths, ParsesRulesAndResolvesHandlesToEmails) {
  auto config = parse_gate_config(with(R"("hot_paths": [
      {"paths": ["src/**"], "benchmarks": "BM_.*", "owners": ["ada"]},
      {"paths": ["src/db/**", "*.sql"], "benchmarks": "BM_Pk.*", "owners": ["GRACE@example.com", "ada@example.com"]}
    ])"),
                                  "f");
  ASSERT_EQ(config.hot_paths.rules.size(), 2u);
  EXPECT_EQ(config.hot_paths.rules[0].owners, (std::vector<std::string>{"ada@example.com"}));
  EXPECT_EQ(config.hot_paths.rules[1].owners,
            (std::vector<std::string>{"grace@example.com", "ada@example.com"}));
  EXPECT_EQ(config.hot_paths.rule_for("src/db/pager.cpp"), &config.hot_paths.rules[1]);
}

TEST(ConfigHotPaths, UnknownOwnerIsAConfigErrorNamingTheField) {
  auto error = hot_paths_error_of(
      with(R"("hot_paths": [{"paths": ["src/**"], "owners": ["ada", "linus@example.com"]}])"));
  EXPECT_NE(error.find("perfwarden.json: field 'hot_paths[0].owners[1]'"), std::string::npos)
      << error;
  EXPECT_NE(error.find("linus@example.com"), std::string::npos) << error;
}

TEST(ConfigHotPaths, BadGlobsRegexesAndShapesAreConfigErrors) {
  EXPECT_NE(hot_paths_error_of(with(R"("hot_paths": [{"paths": ["src//db"], "owners": ["ada"]}])"))
                .find("hot_paths[0].paths[0]"),
            std::string::npos);
  EXPECT_NE(
      hot_paths_error_of(
          with(R"("hot_paths": [{"paths": ["src/**"], "benchmarks": "BM_(", "owners": ["ada"]}])"))
          .find("hot_paths[0].benchmarks"),
      std::string::npos);
  EXPECT_NE(hot_paths_error_of(with(R"("hot_paths": [{"paths": [], "owners": ["ada"]}])"))
                .find("hot_paths[0].paths"),
            std::string::npos);
  EXPECT_NE(
      hot_paths_error_of(with(R"("hot_paths": [{"paths": ["a"]}])")).find("hot_paths[0].owners"),
      std::string::npos);
  EXPECT_NE(hot_paths_error_of(
                with(R"("hot_paths": [{"paths": ["a"], "benchmarks": "BM_.*", "owners": []}])"))
                .find("hot_paths[0].owners"),
            std::string::npos);
  EXPECT_NE(hot_paths_error_of(with(R"("hot_paths": [{"paths": ["a"], "owner": ["ada"]}])"))
                .find("hot_paths[0].owner"),
            std::string::npos);
  // Owners must be listed before hot paths can name them.
  EXPECT_NE(hot_paths_error_of(R"({"suites": [{"name": "c", "binary": "b"}],
                         "hot_paths": [{"paths": ["a"], "owners": ["ada"]}]})")
                .find("hot_paths[0].owners[0]"),
            std::string::npos);
}

TEST(ConfigAiIdentities, DefaultsRecogniseCommonAssistantsAndBots) {
  auto ai = default_ai_identities();
  EXPECT_FALSE(ai.match("Claude", "noreply@anthropic.com").empty());
  EXPECT_FALSE(ai.match("someone", "noreply@anthropic.com").empty());
  EXPECT_FALSE(ai.match("Copilot", "198982749+Copilot@users.noreply.github.com").empty());
  EXPECT_FALSE(
      ai.match("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com").empty());
  EXPECT_FALSE(ai.match("aider (gpt-4o)", "").empty());
  EXPECT_FALSE(ai.match("Cursor Agent", "cursoragent@cursor.com").empty());
  EXPECT_TRUE(ai.match("Ada Lovelace", "ada@example.com").empty());
  EXPECT_TRUE(
      ai.match("Claude Shannon", "claude@example.com").empty());  // people are called Claude too
}

TEST(ConfigAiIdentities, ConfigExtendsOrReplacesTheDefaults) {
  auto config = parse_gate_config(with(R"("ai_identities": {
      "identities": ["Our Agent", "*@agents.example.com"],
      "coauthor_trailers": ["Paired-with"],
      "trailers": {"Made-by-robot": ["yes", "y"]}})"),
                                  "f");
  EXPECT_FALSE(config.ai_identities.match("Claude", "").empty());  // defaults kept
  EXPECT_FALSE(config.ai_identities.match("x", "bob@agents.example.com").empty());
  EXPECT_EQ(config.ai_identities.coauthor_trailers.back(), "Paired-with");
  EXPECT_EQ(config.ai_identities.markers.back().key, "Made-by-robot");
  EXPECT_EQ(config.ai_identities.markers.back().value, "y");

  auto replaced = parse_gate_config(
      with(R"("ai_identities": {"defaults": false, "identities": ["Our Agent"]})"), "f");
  EXPECT_TRUE(replaced.ai_identities.match("Claude", "").empty());
  EXPECT_TRUE(replaced.ai_identities.markers.empty());
  EXPECT_FALSE(replaced.ai_identities.match("our agent", "").empty());

  EXPECT_NE(hot_paths_error_of(with(R"("ai_identities": {"identities": "Claude"})"))
                .find("ai_identities.identities"),
            std::string::npos);
  EXPECT_NE(hot_paths_error_of(with(R"("ai_identities": {"bots": []})")).find("ai_identities.bots"),
            std::string::npos);
}

TEST(ConfigAiIdentities, AnOwnerWhoIsAnAiIdentityIsAConfigError) {
  auto error = hot_paths_error_of(R"({"suites": [{"name": "c", "binary": "b"}],
                            "owners": [{"name": "Claude", "email": "noreply@anthropic.com"}]})");
  EXPECT_NE(error.find("field 'owners[0]'"), std::string::npos) << error;
}

}  // namespace
}  // namespace perfwarden::config
