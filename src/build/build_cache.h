#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "build/cache_entries.h"
#include "build/compiler_cache.h"

#include "config/gate_config.h"
#include "git/revision.h"
#include "git/submodules.h"

namespace perfwarden::git {
class Repository;
}
namespace perfwarden::util {
class FileLock;
class ProcessRunner;
class Progress;
}  // namespace perfwarden::util

namespace perfwarden::build {

// One built revision, ready to run.
struct Build {
  git::Revision revision;
  std::string cache_key;
  std::filesystem::path source_dir;
  std::filesystem::path build_dir;
  bool reused = false;             // served from the cache without running the recipe
  double seconds = 0.0;            // materialise and every recipe step (0 when reused)
  bool compiler_cache = false;     // built with ccache as the compiler launcher
  CompilationCounts compilations;  // the steps' compilations, not configure's (none when reused)
  // Held (shared) while the build is in use, so that a prune by another run leaves it alone.
  std::shared_ptr<const util::FileLock> in_use;
};

// A build that failed; `log_tail` holds the last lines of the failing step's output.
struct BuildFailure {
  git::Revision revision;
  std::string step;         // recipe_step_name(): "configure", "build", "step 2 of 3"
  std::string description;  // "exit code 2"
  std::filesystem::path log_path;
  std::string log_tail;
};

// Outcome of one build request: exactly one of the two is meaningful.
struct BuildOutcome {
  bool ok = false;
  Build build;
  BuildFailure failure;
};

// Cache key: the tree id (not the commit: a reworded commit builds the same), the recipe, the
// toolchain (compiler identity and CC/CXX) and the submodules the clone did not hold (their
// directories were empty, so the build differs from one with them), hashed. Any of them
// changing means a fresh build.
std::string build_cache_key(const std::string& tree_id, const config::BuildRecipe& recipe,
                            const std::string& toolchain_identity,
                            const std::vector<std::string>& missing_submodules = {});

// "c++ --version" first line plus CC, CXX, CFLAGS, CXXFLAGS: what makes two builds comparable.
std::string detect_toolchain_identity(util::ProcessRunner& runner);

// Builds revisions into <cache_root>/<key>/{source,build}, reusing successful entries.
// Each entry is locked while building (exclusive) and while in use (shared); a half-finished
// entry (crash, Ctrl-C) is rebuilt from scratch because the success marker is written atomically
// only at the very end. Compilations go through ccache (build/compiler_cache.h) unless the
// recipe turns it off, so a head build after its base compiles only what changed. Build steps
// run with CMAKE_BUILD_PARALLEL_LEVEL set to the machine's cores unless the caller set it.
class BuildCache {
 public:
  // An empty `cache_root` means default_root().
  BuildCache(util::ProcessRunner& runner, std::filesystem::path cache_root,
             std::string toolchain_identity, std::chrono::seconds step_timeout,
             CacheLimits limits = {});

  BuildOutcome build(const git::Repository& repository, const git::Revision& revision,
                     const config::BuildRecipe& recipe, util::Progress& progress);

  // Evicts what the limits no longer allow (never an entry in use, this run's included).
  PruneResult prune() const { return prune_cache(root_, limits_); }
  const std::filesystem::path& root() const { return root_; }
  // What the builds so far give the report to warn about, each once with its fix: a build that
  // wanted ccache and found none, and benchmarks compiled without optimisation.
  std::vector<std::string> notices() const;

  // Where builds are cached unless --cache-dir says otherwise: $XDG_CACHE_HOME/perfwarden/builds,
  // else ~/.cache/perfwarden/builds.
  static std::filesystem::path default_root();

 private:
  // Materialises and runs every recipe step into the entry (held exclusively); false on a failure.
  bool run_recipe(const git::Repository& repository, const config::BuildRecipe& recipe,
                  const std::vector<git::Submodule>& submodules, const std::string& label,
                  BuildOutcome& outcome, util::Progress& progress);
  // Sets unoptimised_notice_ (once) when `build`'s CMake cache says it is not optimised.
  void note_unoptimised(const Build& build);

  util::ProcessRunner& runner_;
  std::filesystem::path root_;
  std::string toolchain_;
  std::chrono::seconds step_timeout_;
  CacheLimits limits_;
  std::string compiler_cache_notice_;
  std::string unoptimised_notice_;
};

// The source and build paths every build is compiled as (-ffile-prefix-map), whatever its cache
// entry: what the debug info and __FILE__ say, so callgrind's file names map back to the
// repository and builds of the same tree are byte-identical.
inline constexpr std::string_view kMappedSourceDir = "/perfwarden/src";
inline constexpr std::string_view kMappedBuildDir = "/perfwarden/build";

// The environment every recipe step runs with: CFLAGS and CXXFLAGS (ours, then the caller's)
// with line tables and the prefix maps when the recipe asks for them; nothing otherwise.
std::vector<std::pair<std::string, std::string>> recipe_environment(
    const config::BuildRecipe& recipe, const std::filesystem::path& source_dir,
    const std::filesystem::path& build_dir);

// What progress, logs and failures call a recipe step: "configure" and "build" for CMake's
// two (`cmake -S/-B ...`, `cmake --build ...`), else "step 2 of 3".
std::string recipe_step_name(const std::vector<std::string>& argv, std::size_t index,
                             std::size_t count);

}  // namespace perfwarden::build
