#include "build/compiler_cache.h"

#include "util/find_program.h"

namespace perfwarden::build {
namespace fs = std::filesystem;

CompilerCache find_compiler_cache(bool enabled, const fs::path& cache_root,
                                  std::uint64_t max_bytes) {
  CompilerCache cache;
  if (!enabled) return cache;
  auto program = util::find_program("ccache");
  if (!program) {
    cache.notice =
        "ccache is not installed: every revision is built from scratch; install it with "
        "`apt-get install ccache` so that a head build recompiles only what changed";
    return cache;
  }
  cache.program = *program;
  cache.directory = cache_root / "ccache";
  cache.max_bytes = max_bytes;
  return cache;
}

std::vector<std::pair<std::string, std::string>> compiler_cache_environment(
    const CompilerCache& cache, const fs::path& cache_root, const fs::path& stats_log,
    bool paths_mapped) {
  if (cache.program.empty()) return {};
  std::vector<std::pair<std::string, std::string>> environment = {
      {"CMAKE_C_COMPILER_LAUNCHER", cache.program.string()},
      {"CMAKE_CXX_COMPILER_LAUNCHER", cache.program.string()},
      {"CCACHE_DIR", cache.directory.string()},
      {"CCACHE_BASEDIR", cache_root.string()},
      {"CCACHE_MAXSIZE", std::to_string(cache.max_bytes)},
      {"CCACHE_STATSLOG", stats_log.string()},
      // Results are compressed by default; only the directory and the hashing are ours.
  };
  if (paths_mapped) environment.emplace_back("CCACHE_NOHASHDIR", "1");
  return environment;
}

CompilationCounts parse_ccache_stats_log(std::string_view text) {
  CompilationCounts counts;
  bool in_block = false;
  bool hit = false;
  auto close_block = [&] {
    if (in_block) (hit ? counts.from_cache : counts.compiled) += 1;
    in_block = false;
    hit = false;
  };
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.starts_with("# ")) {
      close_block();
      in_block = true;
    } else if (in_block && (line == "direct_cache_hit" || line == "preprocessed_cache_hit")) {
      hit = true;
    }
  }
  close_block();
  return counts;
}

}  // namespace perfwarden::build
