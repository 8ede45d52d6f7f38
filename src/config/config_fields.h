#pragma once

// The config's own field checks, on top of util::JsonFields: commands, placeholders, patterns.

#include <string>
#include <vector>

#include "util/json_fields.h"
#include "util/pattern.h"

namespace perfwarden::config {

using util::Json;
using util::JsonFields;

// A string whose only placeholders are {src} and {build} (config/placeholders.h), without NUL.
std::string require_placeholder_text(const JsonFields& fields, const Json& value,
                                     const std::string& field);

// An array of such strings: a command (program first, never empty) or extra arguments.
enum class ArgvKind { kCommand, kArguments };
std::vector<std::string> require_argv(const JsonFields& fields, const Json& value,
                                      const std::string& field, ArgvKind kind = ArgvKind::kCommand);

// A string that compiles as a pattern (util/pattern.h).
util::Pattern require_pattern(const JsonFields& fields, const Json& value,
                              const std::string& field);
util::Pattern require_pattern(const JsonFields& fields, const std::string& expression,
                              const std::string& field);

}  // namespace perfwarden::config
