#include <gtest/gtest.h>

#include "build/build_cache.h"

namespace perfwarden::build {
namespace {

TEST(BuildBuildCache, KeyDependsOnTreeRecipeToolchainAndMissingSubmodulesOnly) {
  auto recipe = config::default_build_recipe();
  auto key = build_cache_key("tree1", recipe, "g++ 12");
  EXPECT_EQ(key, build_cache_key("tree1", recipe, "g++ 12"));
  EXPECT_NE(key, build_cache_key("tree2", recipe, "g++ 12"));
  EXPECT_NE(key, build_cache_key("tree1", recipe, "clang 14"));
  auto other = recipe;
  other.steps[0].push_back("-DFOO=1");
  EXPECT_NE(key, build_cache_key("tree1", other, "g++ 12"));
  auto more_steps = recipe;
  more_steps.steps.push_back({"cmake", "--install", "{build}"});
  EXPECT_NE(key, build_cache_key("tree1", more_steps, "g++ 12"));
  auto without_line_tables = recipe;
  without_line_tables.line_tables = false;
  EXPECT_NE(key, build_cache_key("tree1", without_line_tables, "g++ 12"));
  // A submodule left empty builds something else than the same tree with it.
  EXPECT_EQ(key, build_cache_key("tree1", recipe, "g++ 12", {}));
  EXPECT_NE(key, build_cache_key("tree1", recipe, "g++ 12", {"third_party/lib"}));
  EXPECT_EQ(key.size(), 24u);
}

TEST(BuildBuildCache, StepsGetLineTablesAndPrefixMapsUnlessTurnedOff) {
  auto recipe = config::default_build_recipe();
  ::unsetenv("CXXFLAGS");
  ::setenv("CFLAGS", "-march=x86-64-v2", 1);
  auto environment = recipe_environment(recipe, "/cache/k1/source", "/cache/k1/build");
  ::unsetenv("CFLAGS");
  const std::string ours =
      "-g1 -ffile-prefix-map=/cache/k1/source=/perfwarden/src "
      "-ffile-prefix-map=/cache/k1/build=/perfwarden/build";
  EXPECT_EQ(environment, (std::vector<std::pair<std::string, std::string>>{
                             {"CFLAGS", ours + " -march=x86-64-v2"}, {"CXXFLAGS", ours}}));
  // A path with a space cannot travel through CFLAGS: line tables only.
  EXPECT_EQ(recipe_environment(recipe, "/my cache/source", "/my cache/build")[1].second, "-g1");
  recipe.line_tables = false;
  EXPECT_TRUE(recipe_environment(recipe, "/s", "/b").empty());
}

TEST(BuildBuildCache, NamesCMakesTwoStepsAndNumbersTheOthers) {
  EXPECT_EQ(recipe_step_name({"cmake", "-S", "{src}", "-B", "{build}"}, 0, 2), "configure");
  EXPECT_EQ(recipe_step_name({"/usr/bin/cmake", "--build", "{build}"}, 1, 2), "build");
  EXPECT_EQ(recipe_step_name({"cmake", "-E", "copy_directory", "a", "b"}, 1, 3), "step 2 of 3");
  EXPECT_EQ(recipe_step_name({"python3", "gen.py"}, 0, 3), "step 1 of 3");
}

}  // namespace
}  // namespace perfwarden::build
