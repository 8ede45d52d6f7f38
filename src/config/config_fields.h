#pragma once

// The config's own field checks, on top of util::JsonFields: build steps and patterns.

#include <string>
#include <vector>

#include "util/json_fields.h"
#include "util/pattern.h"

namespace perfwarden::config {

using util::Json;
using util::JsonFields;

// An argv array whose placeholders are only {src} and {build}.
std::vector<std::string> require_argv(const JsonFields& fields, const Json& value,
                                      const std::string& field);

// A string that compiles as a pattern (util/pattern.h).
util::Pattern require_pattern(const JsonFields& fields, const Json& value,
                              const std::string& field);
util::Pattern require_pattern(const JsonFields& fields, const std::string& expression,
                              const std::string& field);

}  // namespace perfwarden::config
