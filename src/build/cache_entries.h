#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace perfwarden::build {

// The build cache as a bounded store: what is in it, and least-recently-used eviction.
//
// An entry is <root>/<key>/ (source, build, logs, the success marker) with its lock file
// <root>/<key>.lock; ccache's objects live in <root>/ccache and bound themselves. An entry is
// removed only while holding its lock exclusively (a run using it holds it shared, a run building
// it exclusively), by renaming it into <root>/.trash first: the rename is atomic, so no run ever
// sees half an entry; the trash is emptied at once and, after a crash, by the next prune.

struct CacheLimits {
  // Everything under the root: ccache gets a quarter (its own limit), the entries the rest.
  std::uint64_t max_bytes = std::uint64_t{10} << 30;           // 10 GiB
  std::chrono::seconds max_age = std::chrono::hours(24 * 30);  // unused for 30 days
  std::uint64_t compiler_cache_bytes() const { return max_bytes / 4; }
  std::uint64_t entry_bytes() const { return max_bytes - compiler_cache_bytes(); }
};

// The limits unless the caller says otherwise: the defaults above, overridden by
// PERFWARDEN_CACHE_MAX_SIZE ("10G") and PERFWARDEN_CACHE_MAX_AGE ("30d"). Throws
// perfwarden::Error (usage) naming the variable when one does not parse.
CacheLimits cache_limits_from_environment();

struct CacheEntry {
  std::string key;
  std::filesystem::path path;
  bool complete = false;  // has its success marker (a failed or interrupted build has not)
  std::string commit;     // from the marker; empty when incomplete
  std::string tree;
  std::uint64_t bytes = 0;
  std::filesystem::file_time_type last_used;  // the marker's time (touched on every reuse)
  bool in_use = false;                        // another run holds its lock right now
};

// Every entry, most recently used first. A missing root is an empty cache.
std::vector<CacheEntry> list_cache_entries(const std::filesystem::path& root);

// Bytes of ccache's directory (0 when absent).
std::uint64_t compiler_cache_bytes(const std::filesystem::path& root);

struct PruneResult {
  std::vector<CacheEntry> removed;
  std::vector<CacheEntry> kept_in_use;  // over a limit but locked by another run
  std::uint64_t bytes_after = 0;        // the entries left
};

// Removes entries unused for longer than `limits.max_age`, then the least recently used until
// the rest fit in `limits.entry_bytes()`; never an entry another run holds.
PruneResult prune_cache(
    const std::filesystem::path& root, const CacheLimits& limits,
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

// Removes every entry not in use and ccache's objects. Returns what it removed.
PruneResult clear_cache(const std::filesystem::path& root);

// The layout, shared with build/build_cache.cpp.
std::filesystem::path entry_marker_path(const std::filesystem::path& entry);  // written last
std::filesystem::path entry_lock_path(const std::filesystem::path& root, const std::string& key);
// Marks an entry used now (the marker's modification time).
void touch_cache_entry(const std::filesystem::path& entry);

}  // namespace perfwarden::build
