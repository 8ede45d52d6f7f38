#include "build/build_cache.h"

#include <git2.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "build/cmake_file_api.h"
#include "config/placeholders.h"
#include "git/materialise.h"
#include "util/error.h"
#include "util/file_lock.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::build {
namespace fs = std::filesystem;

namespace {

constexpr int kCacheFormatVersion = 3;  // 2: line tables and prefix maps; 3: any number of steps
constexpr std::size_t kLogTailLines = 30;
constexpr std::uintmax_t kMaxStatsLogBytes = 64u << 20;  // ~1M compilations: plenty

std::string hex_sha1(const std::string& data) {
  // libgit2 is already linked and hashes content the same way everywhere: reuse it.
  git_oid oid;
  git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

// Why the benchmarks in `build_dir` are compiled without optimisation, from the CMake cache
// reply its configure wrote; empty when they are not, or when there is no reply (not CMake, or
// an entry built before the query was written).
std::string unoptimised_reason(const fs::path& build_dir) {
  try {
    return unoptimised_build_reason(read_cache_entries(build_dir));
  } catch (const Error&) {
    return "";
  }
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Whether recipe_environment() maps the entry's paths (then the working directory is not in any
// object, and ccache need not hash it).
bool paths_mapped(const config::BuildRecipe& recipe, const fs::path& source_dir,
                  const fs::path& build_dir) {
  auto spaced = [](const fs::path& p) {
    return p.string().find_first_of(" \t\n") != std::string::npos;
  };
  return recipe.line_tables && !spaced(source_dir) && !spaced(build_dir);
}

// The caller's CMAKE_BUILD_PARALLEL_LEVEL wins; otherwise every core (CMake 3.12+ reads it in
// `cmake --build`, for Ninja and Make alike).
std::vector<std::pair<std::string, std::string>> parallelism_environment() {
  if (!env_or_empty("CMAKE_BUILD_PARALLEL_LEVEL").empty()) return {};
  return {{"CMAKE_BUILD_PARALLEL_LEVEL",
           std::to_string(std::max(1u, std::thread::hardware_concurrency()))}};
}

}  // namespace

std::string build_cache_key(const std::string& tree_id, const config::BuildRecipe& recipe,
                            const std::string& toolchain_identity,
                            const std::vector<std::string>& missing_submodules) {
  nlohmann::json key = {{"format", kCacheFormatVersion},
                        {"tree", tree_id},
                        {"steps", recipe.steps},
                        {"line_tables", recipe.line_tables},
                        {"toolchain", toolchain_identity}};
  // Only when some are missing, so that every other entry keeps the key it had.
  if (!missing_submodules.empty()) key["missing_submodules"] = missing_submodules;
  return hex_sha1(key.dump()).substr(0, 24);
}

std::string detect_toolchain_identity(util::ProcessRunner& runner) {
  std::string compiler = env_or_empty("CXX");
  if (compiler.empty()) compiler = "c++";
  std::string version = "unknown";
  try {
    auto result =
        runner.run({.argv = {compiler, "--version"}, .timeout = std::chrono::seconds(30)});
    if (result.succeeded()) version = result.stdout_text.substr(0, result.stdout_text.find('\n'));
  } catch (const Error&) {
    // No compiler on PATH: the configure step will say so with a better message.
  }
  return compiler + " | " + version + " | CC=" + env_or_empty("CC") +
         " | CFLAGS=" + env_or_empty("CFLAGS") + " | CXXFLAGS=" + env_or_empty("CXXFLAGS");
}

std::vector<std::pair<std::string, std::string>> recipe_environment(
    const config::BuildRecipe& recipe, const fs::path& source_dir, const fs::path& build_dir) {
  if (!recipe.line_tables) return {};
  // -g1: line tables and function descriptions, no variables. A path with white space cannot be
  // passed through CFLAGS (build systems split them there): then no maps, only line tables.
  std::string flags = "-g1";
  if (paths_mapped(recipe, source_dir, build_dir)) {
    flags += " -ffile-prefix-map=" + source_dir.string() + "=" + std::string(kMappedSourceDir) +
             " -ffile-prefix-map=" + build_dir.string() + "=" + std::string(kMappedBuildDir);
  }
  std::vector<std::pair<std::string, std::string>> environment;
  for (const char* name : {"CFLAGS", "CXXFLAGS"}) {
    const std::string existing = env_or_empty(name);
    environment.emplace_back(name, existing.empty() ? flags : flags + " " + existing);
  }
  return environment;
}

std::string recipe_step_name(const std::vector<std::string>& argv, std::size_t index,
                             std::size_t count) {
  if (!argv.empty() && fs::path(argv.front()).filename() == "cmake") {
    auto has = [&](std::string_view flag) {
      return std::find(argv.begin() + 1, argv.end(), flag) != argv.end();
    };
    if (has("--build")) return "build";
    if (!has("--install") && !has("-E") && !has("-P")) return "configure";
  }
  return "step " + std::to_string(index + 1) + " of " + std::to_string(count);
}

fs::path BuildCache::default_root() {
  if (auto xdg = env_or_empty("XDG_CACHE_HOME"); !xdg.empty())
    return fs::path(xdg) / "perfwarden" / "builds";
  if (auto home = env_or_empty("HOME"); !home.empty())
    return fs::path(home) / ".cache" / "perfwarden" / "builds";
  return fs::temp_directory_path() / "perfwarden-cache" / "builds";
}

BuildCache::BuildCache(util::ProcessRunner& runner, fs::path cache_root,
                       std::string toolchain_identity, std::chrono::seconds step_timeout,
                       CacheLimits limits)
    : runner_(runner),
      // Absolute: libgit2 resolves a relative checkout directory against the repository, and
      // every build step runs in a directory of its own.
      root_(fs::absolute(cache_root.empty() ? default_root() : std::move(cache_root))),
      toolchain_(std::move(toolchain_identity)),
      step_timeout_(step_timeout),
      limits_(limits) {}

BuildOutcome BuildCache::build(const git::Repository& repository, const git::Revision& revision,
                               const config::BuildRecipe& recipe, util::Progress& progress) {
  BuildOutcome outcome;
  const std::vector<git::Submodule> submodules =
      git::find_submodules(repository, revision.commit_id);
  const std::vector<git::Submodule> missing = git::missing_submodules(submodules);
  std::vector<std::string> missing_paths;
  for (const auto& submodule : missing) missing_paths.push_back(submodule.path);
  std::string key = build_cache_key(revision.tree_id, recipe, toolchain_, missing_paths);
  fs::path entry = root_ / key;
  std::string label = revision.spec + " (" + revision.commit_id.substr(0, 12) + ")";
  const fs::path lock_path = entry_lock_path(root_, key);
  auto on_wait = [&] {
    progress.note("waiting for another perfwarden run building " + label + "...");
  };

  Build& build = outcome.build;
  build.revision = revision;
  build.cache_key = key;
  build.source_dir = entry / "source";
  build.build_dir = entry / "build";

  // A finished entry is used under a shared lock, so that runs sharing a base measure at once;
  // only building takes the lock exclusively. Each downgrade re-checks the marker: a prune may
  // slip into flock's non-atomic conversion and remove the entry, and then we build it again.
  for (;;) {
    {
      auto shared = std::make_shared<util::FileLock>(lock_path, std::chrono::hours(2), on_wait,
                                                     util::FileLock::Mode::kShared);
      if (fs::exists(entry_marker_path(entry))) {
        touch_cache_entry(entry);
        build.reused = true;
        build.in_use = std::move(shared);
        outcome.ok = true;
        progress.note("reusing cached build of " + label);
        note_unoptimised(build);
        return outcome;
      }
    }
    auto exclusive = std::make_shared<util::FileLock>(lock_path, std::chrono::hours(2), on_wait);
    if (fs::exists(entry_marker_path(entry))) continue;  // another run built it meanwhile
    if (!run_recipe(repository, recipe, submodules, label, outcome, progress)) return outcome;
    exclusive->downgrade_to_shared();
    if (!fs::exists(entry_marker_path(entry))) continue;
    build.in_use = std::move(exclusive);
    outcome.ok = true;
    note_unoptimised(build);
    return outcome;
  }
}

bool BuildCache::run_recipe(const git::Repository& repository, const config::BuildRecipe& recipe,
                            const std::vector<git::Submodule>& submodules, const std::string& label,
                            BuildOutcome& outcome, util::Progress& progress) {
  Build& build = outcome.build;
  const git::Revision& revision = build.revision;
  const fs::path entry = build.source_dir.parent_path();
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::remove_all(entry, ec);  // a leftover from an interrupted or failed attempt
  fs::create_directories(entry);

  progress.note("materialising " + label + " (tree " + revision.tree_id.substr(0, 12) + ")");
  git::materialise_tree(repository, revision.commit_id, build.source_dir, submodules);
  const std::vector<git::Submodule> left_empty = git::missing_submodules(submodules);
  const std::string missing = git::describe_missing_submodules(left_empty);
  if (!missing.empty()) {
    progress.note("warning: " + missing + ", so " + label + " is built with " +
                  (left_empty.size() == 1 ? "an empty directory in its place"
                                          : "empty directories in their place") +
                  "; fix: " + git::kMissingSubmoduleFix);
  }

  CompilerCache compiler_cache =
      find_compiler_cache(recipe.compiler_cache, root_, limits_.compiler_cache_bytes());
  if (!compiler_cache.notice.empty() && compiler_cache_notice_.empty()) {
    compiler_cache_notice_ = compiler_cache.notice;
    progress.note(compiler_cache.notice);
  }
  build.compiler_cache = !compiler_cache.program.empty();
  const bool mapped = paths_mapped(recipe, build.source_dir, build.build_dir);

  const config::RevisionDirs dirs{build.source_dir, build.build_dir};
  write_cache_query(build.build_dir);  // a CMake configure then says how it optimises
  for (std::size_t i = 0; i < recipe.steps.size(); ++i) {
    const std::string name = recipe_step_name(recipe.steps[i], i, recipe.steps.size());
    const bool configure = name == "configure";
    progress.note(configure         ? "configuring " + label
                  : name == "build" ? "building " + label
                                    : "running " + name + " (" +
                                          fs::path(recipe.steps[i].front()).filename().string() +
                                          ") for " + label);
    const std::string file = "step-" + std::to_string(i + 1);
    fs::path log = entry / (file + ".log");
    fs::path stats_log = entry / (file + ".ccache-stats");
    auto environment = recipe_environment(recipe, build.source_dir, build.build_dir);
    for (auto& setting : compiler_cache_environment(compiler_cache, root_, stats_log, mapped))
      environment.push_back(std::move(setting));
    for (auto& setting : parallelism_environment()) environment.push_back(std::move(setting));
    auto result = runner_.run({.argv = config::expand_placeholders(recipe.steps[i], dirs),
                               .working_directory = build.source_dir,
                               .timeout = step_timeout_,
                               .stdout_path = log,
                               .stderr_to_stdout = true,
                               .environment = std::move(environment)});
    if (!result.succeeded()) {
      std::string description = result.describe_failure();
      // The likeliest cause of the failure, where the log may only say a file is missing.
      if (!missing.empty()) description += "; " + missing + "; fix: " + git::kMissingSubmoduleFix;
      outcome.failure = {revision, name, description, log,
                         util::last_lines(util::read_file_tail(log, 1u << 20), kLogTailLines)};
      return false;
    }
    // The project's objects (a CMake configure step compiles only its own probes).
    if (!configure && build.compiler_cache && fs::exists(stats_log)) {
      auto counts = parse_ccache_stats_log(util::read_file_tail(stats_log, kMaxStatsLogBytes));
      build.compilations.from_cache += counts.from_cache;
      build.compilations.compiled += counts.compiled;
    }
  }

  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json marker = {{"commit", revision.commit_id},
                           {"tree", revision.tree_id},
                           {"toolchain", toolchain_},
                           {"steps", recipe.steps},
                           {"line_tables", recipe.line_tables},
                           {"seconds", build.seconds},
                           {"compiler_cache", build.compiler_cache},
                           {"objects_from_cache", build.compilations.from_cache},
                           {"objects_compiled", build.compilations.compiled}};
  util::write_file_atomically(entry_marker_path(entry), marker.dump(2) + "\n");
  return true;
}

void BuildCache::note_unoptimised(const Build& build) {
  if (!unoptimised_notice_.empty()) return;
  const std::string reason = unoptimised_reason(build.build_dir);
  if (reason.empty()) return;
  unoptimised_notice_ = "the benchmarks are compiled without optimisation (" + reason +
                        "): times of unoptimised code can hide or exaggerate a change; add "
                        "\"-DCMAKE_BUILD_TYPE=Release\" to the configure step of the config's "
                        "build recipe";
}

std::vector<std::string> BuildCache::notices() const {
  std::vector<std::string> notices;
  for (const std::string* notice : {&compiler_cache_notice_, &unoptimised_notice_})
    if (!notice->empty()) notices.push_back(*notice);
  return notices;
}

}  // namespace perfwarden::build
