#include <gtest/gtest.h>

#include <algorithm>

#include "build/compiler_cache.h"

namespace perfwarden::build {
namespace {

// What ccache 4.7 writes to its stats_log for a miss, a direct hit and a preprocessed hit.
constexpr const char* kStatsLog = R"(# ../source/a.cpp
cache_miss
direct_cache_miss
local_storage_miss
local_storage_write
preprocessed_cache_miss
# ../source/b.cpp
direct_cache_hit
local_storage_hit
local_storage_read_hit
# ../source/c.cpp
direct_cache_miss
preprocessed_cache_hit
local_storage_hit
# ../source/d.cpp
unsupported_compiler_option
)";

TEST(BuildCompilerCache, CountsHitsAndCompilationsFromTheStatsLog) {
  CompilationCounts counts = parse_ccache_stats_log(kStatsLog);
  EXPECT_EQ(counts.from_cache, 2);
  EXPECT_EQ(counts.compiled, 2);  // the miss, and the compilation ccache could not cache
  EXPECT_EQ(counts.total(), 4);
}

TEST(BuildCompilerCache, ToleratesEmptyTruncatedAndStrangeLogs) {
  EXPECT_EQ(parse_ccache_stats_log("").total(), 0);
  EXPECT_EQ(parse_ccache_stats_log("direct_cache_hit\n").total(), 0);        // no block started
  EXPECT_EQ(parse_ccache_stats_log("# x\ndirect_cache_hit").from_cache, 1);  // no final newline
  EXPECT_EQ(parse_ccache_stats_log(std::string("# \0\xff\n\n#\n", 8)).compiled, 1);
}

TEST(BuildCompilerCache, OffMeansNoEnvironmentAndNoNotice) {
  CompilerCache off = find_compiler_cache(false, "/cache", 1 << 30);
  EXPECT_TRUE(off.program.empty());
  EXPECT_TRUE(off.notice.empty());
  EXPECT_TRUE(compiler_cache_environment(off, "/cache", "/cache/x/stats", true).empty());
}

TEST(BuildCompilerCache, SetsTheLaunchersAndSharesObjectsAcrossEntries) {
  CompilerCache cache{"/usr/bin/ccache", "/cache/ccache", 1 << 30, ""};
  auto env = compiler_cache_environment(cache, "/cache", "/cache/k/build.ccache-stats", true);
  auto value = [&](const std::string& name) {
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& e) { return e.first == name; });
    return it == env.end() ? std::string("(unset)") : it->second;
  };
  EXPECT_EQ(value("CMAKE_CXX_COMPILER_LAUNCHER"), "/usr/bin/ccache");
  EXPECT_EQ(value("CMAKE_C_COMPILER_LAUNCHER"), "/usr/bin/ccache");
  EXPECT_EQ(value("CCACHE_DIR"), "/cache/ccache");
  EXPECT_EQ(value("CCACHE_BASEDIR"), "/cache");
  EXPECT_EQ(value("CCACHE_MAXSIZE"), std::to_string(1 << 30));
  EXPECT_EQ(value("CCACHE_STATSLOG"), "/cache/k/build.ccache-stats");
  EXPECT_EQ(value("CCACHE_NOHASHDIR"), "1");
  // Without our prefix maps the working directory may be in the object: ccache must hash it.
  auto unmapped = compiler_cache_environment(cache, "/cache", "/s", false);
  EXPECT_TRUE(std::none_of(unmapped.begin(), unmapped.end(),
                           [](const auto& e) { return e.first == "CCACHE_NOHASHDIR"; }));
}

}  // namespace
}  // namespace perfwarden::build
