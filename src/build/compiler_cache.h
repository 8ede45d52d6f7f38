#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perfwarden::build {

// ccache as every recipe step's compiler launcher, so that a head build after its base compiles
// only what the change touched, although each revision builds in a cache entry of its own.
//
// Set through the environment so that a user's recipe needs no change: CMake (3.17+) reads
// CMAKE_<LANG>_COMPILER_LAUNCHER at configure time. ccache's own settings make objects shareable
// across entries: base_dir (the cache root) rewrites each entry's absolute paths relative to the
// compiler's working directory; hash_dir is off only when our -ffile-prefix-map settings already
// keep the working directory out of the object (build/build_cache.h).
//
// Why nothing stale is served: ccache's key covers the compiler (size and mtime), the full
// command line (every -D, -I, -O and the prefix maps, with base_dir's relative paths) and the
// source; in direct mode also each included file's content hash (a manifest per source), falling
// back to hashing the preprocessed output whenever an include is new or changed. A header or a
// flag that changes is a different key.
struct CompilerCache {
  std::filesystem::path program;    // empty: not in use
  std::filesystem::path directory;  // ccache's CCACHE_DIR, under perfwarden's cache root
  std::uint64_t max_bytes = 0;      // its own size limit (ccache evicts by itself)
  std::string notice;               // why it is not in use, with the fix ("" when in use or off)
};

// ccache from $PATH, with its directory under `cache_root`. `enabled` false (the config's
// "build": {"compiler_cache": false}) or no ccache installed: not in use (the latter says why).
CompilerCache find_compiler_cache(bool enabled, const std::filesystem::path& cache_root,
                                  std::uint64_t max_bytes);

// The environment of one recipe step: the launchers and ccache's settings, plus a stats log
// (ccache's stats_log) that records one result per compilation. `paths_mapped` says whether
// the step's flags map the entry's paths (then the working directory need not be hashed).
std::vector<std::pair<std::string, std::string>> compiler_cache_environment(
    const CompilerCache& cache, const std::filesystem::path& cache_root,
    const std::filesystem::path& stats_log, bool paths_mapped);

// What a build's compilations were, from ccache's stats log.
struct CompilationCounts {
  int from_cache = 0;  // served by ccache (direct or preprocessed hit)
  int compiled = 0;    // the compiler ran (a miss, or a compilation ccache cannot cache)
  int total() const { return from_cache + compiled; }
};

// Parses a stats log: blocks of "# <source path>" followed by one result name per line
// ("direct_cache_hit", "cache_miss", "local_storage_hit", ...). A block counts as from the cache
// when it names a hit, else as compiled. Untrusted text (source paths come from the revision):
// any bytes are accepted; unknown lines are ignored.
CompilationCounts parse_ccache_stats_log(std::string_view text);

}  // namespace perfwarden::build
