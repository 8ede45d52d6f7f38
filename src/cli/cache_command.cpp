#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

#include "build/build_cache.h"
#include "build/cache_entries.h"
#include "cli/cache_limit_options.h"
#include "cli/commands.h"
#include "util/human_units.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {

struct CacheArguments {
  std::filesystem::path cache_dir;
  CacheLimitArguments limits;
};

std::filesystem::path root_of(const CacheArguments& args) {
  return std::filesystem::absolute(args.cache_dir.empty() ? build::BuildCache::default_root()
                                                          : args.cache_dir);
}

std::string age_of(std::filesystem::file_time_type when) {
  auto age = std::chrono::duration_cast<std::chrono::seconds>(
      std::filesystem::file_time_type::clock::now() - when);
  return util::format_age(age) + " ago";
}

void print_removed(const build::PruneResult& result, const std::filesystem::path& root) {
  std::uint64_t freed = 0;
  for (const auto& entry : result.removed) freed += entry.bytes;
  std::printf("removed %zu entr%s (%s) from %s; %s left in entries\n", result.removed.size(),
              result.removed.size() == 1 ? "y" : "ies", util::format_byte_size(freed).c_str(),
              root.c_str(), util::format_byte_size(result.bytes_after).c_str());
  for (const auto& entry : result.kept_in_use) {
    std::printf("kept %s: another perfwarden run is using it\n", entry.key.c_str());
  }
}

void add_cache_dir_option(CLI::App& command, CacheArguments& args) {
  command.add_option("--cache-dir", args.cache_dir,
                     "Build cache (default: $XDG_CACHE_HOME/perfwarden/builds)");
}

}  // namespace

void add_cache_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CacheArguments>();
  CLI::App* cache = app.add_subcommand(
      "cache", "Inspect and bound the build cache (entries per built tree, and ccache's objects)");
  cache->require_subcommand(1);

  CLI::App* list = cache->add_subcommand("list", "Entries, most recently used first");
  add_cache_dir_option(*list, *args);
  list->callback([args, &action] {
    action = [args] {
      const auto root = root_of(*args);
      const auto entries = build::list_cache_entries(root);
      std::uint64_t total = 0;
      std::printf("%-24s  %-12s  %-12s  %10s  %-9s  %s\n", "entry", "commit", "tree", "size",
                  "last use", "state");
      for (const auto& entry : entries) {
        total += entry.bytes;
        std::printf("%-24s  %-12s  %-12s  %10s  %-9s  %s\n", entry.key.c_str(),
                    entry.commit.substr(0, 12).c_str(), entry.tree.substr(0, 12).c_str(),
                    util::format_byte_size(entry.bytes).c_str(), age_of(entry.last_used).c_str(),
                    entry.in_use     ? "in use"
                    : entry.complete ? "built"
                                     : "incomplete");
      }
      std::printf("%zu entr%s, %s; ccache %s; in %s\n", entries.size(),
                  entries.size() == 1 ? "y" : "ies", util::format_byte_size(total).c_str(),
                  util::format_byte_size(build::compiler_cache_bytes(root)).c_str(), root.c_str());
      return ExitCode::kPass;
    };
  });

  CLI::App* prune = cache->add_subcommand(
      "prune",
      "Remove entries older than --max-age, then the least recently used beyond "
      "--max-size (never one another run is using)");
  add_cache_dir_option(*prune, *args);
  add_cache_limit_options(*prune, args->limits, "--");
  prune->callback([args, &action] {
    action = [args] {
      const auto root = root_of(*args);
      print_removed(build::prune_cache(root, resolve_cache_limits(args->limits, "--")), root);
      return ExitCode::kPass;
    };
  });

  CLI::App* clear =
      cache->add_subcommand("clear", "Remove every entry not in use, and ccache's objects");
  add_cache_dir_option(*clear, *args);
  clear->callback([args, &action] {
    action = [args] {
      const auto root = root_of(*args);
      print_removed(build::clear_cache(root), root);
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
