#include <gtest/gtest.h>

#include "build/build_cache.h"

namespace perfwarden::build {
namespace {

TEST(BuildBuildCache, KeyDependsOnTreeRecipeAndToolchainOnly) {
  auto recipe = config::default_build_recipe();
  auto key = build_cache_key("tree1", recipe, "g++ 12");
  EXPECT_EQ(key, build_cache_key("tree1", recipe, "g++ 12"));
  EXPECT_NE(key, build_cache_key("tree2", recipe, "g++ 12"));
  EXPECT_NE(key, build_cache_key("tree1", recipe, "clang 14"));
  auto other = recipe;
  other.configure.push_back("-DFOO=1");
  EXPECT_NE(key, build_cache_key("tree1", other, "g++ 12"));
  auto without_line_tables = recipe;
  without_line_tables.line_tables = false;
  EXPECT_NE(key, build_cache_key("tree1", without_line_tables, "g++ 12"));
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

TEST(BuildBuildCache, ExpandsPlaceholdersInsideArguments) {
  auto argv =
      expand_recipe_step({"cmake", "-S", "{src}", "-B{build}", "-DX={src}/{build}"}, "/s", "/b");
  EXPECT_EQ(argv, (std::vector<std::string>{"cmake", "-S", "/s", "-B/b", "-DX=/s//b"}));
}

}  // namespace
}  // namespace perfwarden::build
