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
  EXPECT_EQ(key.size(), 24u);
}

TEST(BuildBuildCache, ExpandsPlaceholdersInsideArguments) {
  auto argv =
      expand_recipe_step({"cmake", "-S", "{src}", "-B{build}", "-DX={src}/{build}"}, "/s", "/b");
  EXPECT_EQ(argv, (std::vector<std::string>{"cmake", "-S", "/s", "-B/b", "-DX=/s//b"}));
}

}  // namespace
}  // namespace perfwarden::build
