#pragma once

#include <optional>
#include <string>

#include "build/cache_entries.h"

namespace CLI {
class App;
}

namespace perfwarden::cli {

// --cache-max-size and --cache-max-age for every command that builds (and so prunes).
struct CacheLimitArguments {
  std::optional<std::string> max_size;
  std::optional<std::string> max_age;
};

// `prefix` is "--cache-" on the commands that build and "--" on `cache prune`.
void add_cache_limit_options(CLI::App& command, CacheLimitArguments& args,
                             const std::string& prefix);

// The defaults, then PERFWARDEN_CACHE_MAX_SIZE / _AGE, then the options. Throws a usage error
// naming the option and an example when one does not parse.
build::CacheLimits resolve_cache_limits(const CacheLimitArguments& args, const std::string& prefix);

}  // namespace perfwarden::cli
