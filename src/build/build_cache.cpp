#include "build/build_cache.h"

#include <git2.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

#include "git/materialise.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::build {
namespace fs = std::filesystem;

namespace {

constexpr int kCacheFormatVersion = 2;  // 2: line tables and prefix maps
constexpr std::size_t kLogTailLines = 30;

std::string hex_sha1(const std::string& data) {
  // libgit2 is already linked and hashes content the same way everywhere: reuse it.
  git_oid oid;
  git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The success marker; its presence (written atomically last) is what makes an entry reusable.
fs::path marker_path(const fs::path& entry) { return entry / "build-ok.json"; }

}  // namespace

std::string build_cache_key(const std::string& tree_id, const config::BuildRecipe& recipe,
                            const std::string& toolchain_identity) {
  nlohmann::json key = {{"format", kCacheFormatVersion},     {"tree", tree_id},
                        {"configure", recipe.configure},     {"build", recipe.build},
                        {"line_tables", recipe.line_tables}, {"toolchain", toolchain_identity}};
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
  auto spaced = [](const fs::path& p) {
    return p.string().find_first_of(" \t\n") != std::string::npos;
  };
  if (!spaced(source_dir) && !spaced(build_dir)) {
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

std::vector<std::string> expand_recipe_step(const std::vector<std::string>& step,
                                            const fs::path& source_dir, const fs::path& build_dir) {
  std::vector<std::string> argv;
  argv.reserve(step.size());
  for (std::string arg : step) {
    for (auto [placeholder, value] : {std::pair{std::string("{src}"), source_dir.string()},
                                      std::pair{std::string("{build}"), build_dir.string()}}) {
      for (auto at = arg.find(placeholder); at != std::string::npos;
           at = arg.find(placeholder, at + value.size())) {
        arg.replace(at, placeholder.size(), value);
      }
    }
    argv.push_back(std::move(arg));
  }
  return argv;
}

fs::path BuildCache::default_root() {
  if (auto xdg = env_or_empty("XDG_CACHE_HOME"); !xdg.empty())
    return fs::path(xdg) / "perfwarden" / "builds";
  if (auto home = env_or_empty("HOME"); !home.empty())
    return fs::path(home) / ".cache" / "perfwarden" / "builds";
  return fs::temp_directory_path() / "perfwarden-cache" / "builds";
}

BuildCache::BuildCache(util::ProcessRunner& runner, fs::path cache_root,
                       std::string toolchain_identity, std::chrono::seconds step_timeout)
    : runner_(runner),
      // Absolute: libgit2 resolves a relative checkout directory against the repository, and
      // every build step runs in a directory of its own.
      root_(fs::absolute(cache_root.empty() ? default_root() : std::move(cache_root))),
      toolchain_(std::move(toolchain_identity)),
      step_timeout_(step_timeout) {}

BuildOutcome BuildCache::build(const git::Repository& repository, const git::Revision& revision,
                               const config::BuildRecipe& recipe, util::Progress& progress) {
  BuildOutcome outcome;
  std::string key = build_cache_key(revision.tree_id, recipe, toolchain_);
  fs::path entry = root_ / key;
  std::string label = revision.spec + " (" + revision.commit_id.substr(0, 12) + ")";

  util::FileLock lock(root_ / (key + ".lock"), std::chrono::hours(2), [&] {
    progress.note("waiting for another perfwarden run building " + label + "...");
  });

  Build& build = outcome.build;
  build.revision = revision;
  build.cache_key = key;
  build.source_dir = entry / "source";
  build.build_dir = entry / "build";

  if (fs::exists(marker_path(entry))) {
    build.reused = true;
    outcome.ok = true;
    progress.note("reusing cached build of " + label);
    return outcome;
  }

  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::remove_all(entry, ec);  // a leftover from an interrupted or failed attempt
  fs::create_directories(entry);

  progress.note("materialising " + label + " (tree " + revision.tree_id.substr(0, 12) + ")");
  git::materialise_tree(repository, revision.commit_id, build.source_dir);

  struct Step {
    const char* name;
    const std::vector<std::string>& argv;
  };
  for (Step step : {Step{"configure", recipe.configure}, Step{"build", recipe.build}}) {
    progress.note(
        std::string(step.name == std::string("configure") ? "configuring " : "building ") + label);
    fs::path log = entry / (std::string(step.name) + ".log");
    auto result =
        runner_.run({.argv = expand_recipe_step(step.argv, build.source_dir, build.build_dir),
                     .working_directory = build.source_dir,
                     .timeout = step_timeout_,
                     .stdout_path = log,
                     .stderr_to_stdout = true,
                     .environment = recipe_environment(recipe, build.source_dir, build.build_dir)});
    if (!result.succeeded()) {
      outcome.failure = {revision, step.name, result.describe_failure(), log,
                         util::last_lines(util::read_file_tail(log, 1u << 20), kLogTailLines)};
      return outcome;
    }
  }

  build.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json marker = {{"commit", revision.commit_id}, {"tree", revision.tree_id},
                           {"toolchain", toolchain_},      {"configure", recipe.configure},
                           {"build", recipe.build},        {"line_tables", recipe.line_tables},
                           {"seconds", build.seconds}};
  util::write_file_atomically(marker_path(entry), marker.dump(2) + "\n");
  outcome.ok = true;
  return outcome;
}

}  // namespace perfwarden::build
