#include "cli/cache_limit_options.h"

#include <CLI/CLI.hpp>

#include "util/error.h"
#include "util/human_units.h"

namespace perfwarden::cli {

void add_cache_limit_options(CLI::App& command, CacheLimitArguments& args,
                             const std::string& prefix) {
  command.add_option(prefix + "max-size", args.max_size,
                     "Build cache size limit, e.g. 500M, 10G (default: $PERFWARDEN_CACHE_MAX_SIZE, "
                     "else 10G; ccache gets a quarter)");
  command.add_option(prefix + "max-age", args.max_age,
                     "Remove cache entries unused for longer, e.g. 7d, 12h (default: "
                     "$PERFWARDEN_CACHE_MAX_AGE, else 30d)");
}

build::CacheLimits resolve_cache_limits(const CacheLimitArguments& args,
                                        const std::string& prefix) {
  build::CacheLimits limits = build::cache_limits_from_environment();
  if (args.max_size) {
    auto bytes = util::parse_byte_size(*args.max_size);
    if (!bytes || *bytes == 0) {
      throw usage_error(prefix + "max-size '" + *args.max_size + "' is not a size",
                        "use a size like 500M or 10G");
    }
    limits.max_bytes = *bytes;
  }
  if (args.max_age) {
    auto age = util::parse_age(*args.max_age);
    if (!age) {
      throw usage_error(prefix + "max-age '" + *args.max_age + "' is not an age",
                        "use an age like 7d, 12h or 30m");
    }
    limits.max_age = *age;
  }
  return limits;
}

}  // namespace perfwarden::cli
