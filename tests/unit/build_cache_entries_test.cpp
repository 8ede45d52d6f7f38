#include <gtest/gtest.h>

#include <fstream>

#include "build/cache_entries.h"
#include "util/error.h"
#include "util/file_lock.h"
#include "util/files.h"

namespace perfwarden::build {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// An entry as BuildCache leaves it: source and build trees, and (when complete) the marker,
// last used `age` ago.
fs::path make_entry(const fs::path& root, const std::string& key, std::size_t bytes,
                    fs::file_time_type::duration age, bool complete = true) {
  fs::path entry = root / key;
  fs::create_directories(entry / "build");
  std::ofstream(entry / "build" / "object.o") << std::string(bytes, 'x');
  if (complete) {
    util::write_file_atomically(entry_marker_path(entry), R"({"commit": "c0ffee", "tree": "7ee"})");
    fs::last_write_time(entry_marker_path(entry), fs::file_time_type::clock::now() - age);
  } else {
    fs::last_write_time(entry, fs::file_time_type::clock::now() - age);
  }
  return entry;
}

std::string key(char c) { return std::string(24, c); }

TEST(BuildCacheEntries, ListsEntriesMostRecentFirstAndIgnoresTheRest) {
  util::TempDir root("pw-cache");
  make_entry(root.path(), key('a'), 100, 3h);
  make_entry(root.path(), key('b'), 200, 1h);
  make_entry(root.path(), key('c'), 50, 2h, /*complete=*/false);
  fs::create_directories(root.path() / "ccache" / "0");
  fs::create_directories(root.path() / "not-an-entry");
  auto entries = list_cache_entries(root.path());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].key, key('b'));
  EXPECT_EQ(entries[1].key, key('c'));
  EXPECT_EQ(entries[2].key, key('a'));
  EXPECT_EQ(entries[0].commit, "c0ffee");
  EXPECT_TRUE(entries[0].complete);
  EXPECT_FALSE(entries[1].complete);
  EXPECT_GE(entries[0].bytes, 200u);
  EXPECT_TRUE(list_cache_entries(root.path() / "missing").empty());
}

TEST(BuildCacheEntries, PrunesByAgeThenLeastRecentlyUsedUntilUnderTheLimit) {
  util::TempDir root("pw-cache");
  make_entry(root.path(), key('a'), 4000, 40 * 24h);  // older than the age limit
  make_entry(root.path(), key('b'), 4000, 3h);
  make_entry(root.path(), key('c'), 4000, 2h);
  make_entry(root.path(), key('d'), 4000, 1h);
  CacheLimits limits;
  limits.max_age = 30 * 24h;
  limits.max_bytes = 12000;  // entries get three quarters, 9000: room for two of 4000 + marker
  PruneResult result = prune_cache(root.path(), limits);
  ASSERT_EQ(result.removed.size(), 2u);
  EXPECT_EQ(result.removed[0].key, key('a'));
  EXPECT_EQ(result.removed[1].key, key('b'));
  EXPECT_FALSE(fs::exists(root.path() / key('a')));
  EXPECT_FALSE(fs::exists(root.path() / (key('a') + ".lock")));
  EXPECT_TRUE(fs::exists(root.path() / key('c')));
  EXPECT_TRUE(fs::exists(root.path() / key('d')));
  EXPECT_LE(result.bytes_after, limits.entry_bytes());
  EXPECT_FALSE(fs::exists(root.path() / ".trash" / key('a')));
}

TEST(BuildCacheEntries, NeverRemovesAnEntryAnotherRunHolds) {
  util::TempDir root("pw-cache");
  make_entry(root.path(), key('a'), 4000, 50 * 24h);
  make_entry(root.path(), key('b'), 4000, 50 * 24h);
  // Another run measuring with entry a (shared), a third building entry b (exclusive).
  util::FileLock reader(entry_lock_path(root.path(), key('a')), 1s, {},
                        util::FileLock::Mode::kShared);
  util::FileLock builder(entry_lock_path(root.path(), key('b')), 1s);
  auto entries = list_cache_entries(root.path());
  EXPECT_TRUE(entries[0].in_use);
  PruneResult result = prune_cache(root.path(), CacheLimits{});
  EXPECT_TRUE(result.removed.empty());
  EXPECT_EQ(result.kept_in_use.size(), 2u);
  EXPECT_TRUE(fs::exists(entry_marker_path(root.path() / key('a'))));
  EXPECT_TRUE(fs::exists(entry_marker_path(root.path() / key('b'))));
  PruneResult cleared = clear_cache(root.path());
  EXPECT_TRUE(cleared.removed.empty());
  EXPECT_TRUE(fs::exists(root.path() / key('a') / "build" / "object.o"));
}

TEST(BuildCacheEntries, ClearRemovesEntriesAndCompilerCacheAndTrashLeftovers) {
  util::TempDir root("pw-cache");
  make_entry(root.path(), key('a'), 10, 1h);
  make_entry(root.path(), key('b'), 10, 1h, false);
  fs::create_directories(root.path() / "ccache" / "a");
  std::ofstream(root.path() / "ccache" / "a" / "obj") << "x";
  fs::create_directories(root.path() / ".trash" / "left-over-1");  // a prune killed midway
  EXPECT_EQ(compiler_cache_bytes(root.path()), 1u);
  PruneResult result = clear_cache(root.path());
  EXPECT_EQ(result.removed.size(), 2u);
  EXPECT_TRUE(list_cache_entries(root.path()).empty());
  EXPECT_FALSE(fs::exists(root.path() / "ccache"));
  EXPECT_FALSE(fs::exists(root.path() / ".trash" / "left-over-1"));
}

TEST(BuildCacheEntries, TouchMakesAnEntryTheMostRecent) {
  util::TempDir root("pw-cache");
  make_entry(root.path(), key('a'), 10, 5h);
  make_entry(root.path(), key('b'), 10, 1h);
  touch_cache_entry(root.path() / key('a'));
  EXPECT_EQ(list_cache_entries(root.path()).front().key, key('a'));
}

TEST(BuildCacheEntries, LimitsFromTheEnvironmentNameTheVariableWhenWrong) {
  setenv("PERFWARDEN_CACHE_MAX_SIZE", "500M", 1);
  setenv("PERFWARDEN_CACHE_MAX_AGE", "7d", 1);
  CacheLimits limits = cache_limits_from_environment();
  EXPECT_EQ(limits.max_bytes, 500ull << 20);
  EXPECT_EQ(limits.max_age, 7 * 24h);
  setenv("PERFWARDEN_CACHE_MAX_SIZE", "lots", 1);
  try {
    cache_limits_from_environment();
    ADD_FAILURE() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("PERFWARDEN_CACHE_MAX_SIZE"), std::string::npos);
  }
  unsetenv("PERFWARDEN_CACHE_MAX_SIZE");
  unsetenv("PERFWARDEN_CACHE_MAX_AGE");
}

}  // namespace
}  // namespace perfwarden::build
