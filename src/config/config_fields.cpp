#include "config/config_fields.h"

#include "config/placeholders.h"

namespace perfwarden::config {

std::string require_placeholder_text(const JsonFields& fields, const Json& value,
                                     const std::string& field) {
  std::string text = fields.require_string(value, field);
  if (text.find('\0') != std::string::npos) {
    fields.fail(field, "contains a NUL byte", "an argument cannot hold one: remove it");
  }
  if (auto name = unknown_placeholder(text); !name.empty()) {
    fields.fail(field, "unknown placeholder {" + name.substr(0, 40) + "}",
                "use {src} (source directory) or {build} (build directory)");
  }
  return text;
}

std::vector<std::string> require_argv(const JsonFields& fields, const Json& value,
                                      const std::string& field, ArgvKind kind) {
  if (!value.is_array() || (value.empty() && kind == ArgvKind::kCommand)) {
    fields.fail(field,
                kind == ArgvKind::kCommand
                    ? "expected a non-empty array of strings (an argv, not a shell command)"
                    : "expected an array of strings (arguments, not a shell command line)",
                kind == ArgvKind::kCommand ? R"(e.g. ["cmake", "--build", "{build}"])"
                                           : R"(e.g. ["--data", "{src}/testdata"])");
  }
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < value.size(); ++i) {
    argv.push_back(require_placeholder_text(fields, value[i], JsonFields::item(field, i)));
  }
  return argv;
}

util::Pattern require_pattern(const JsonFields& fields, const std::string& expression,
                              const std::string& field) {
  std::string problem;
  auto pattern = util::Pattern::compile(expression, problem);
  if (!pattern) {
    fields.fail(field, "invalid regular expression '" + expression.substr(0, 200) + "': " + problem,
                "use RE2 syntax (no backreferences or lookaround), e.g. \"BM_Noisy.*\"");
  }
  return *std::move(pattern);
}

util::Pattern require_pattern(const JsonFields& fields, const Json& value,
                              const std::string& field) {
  return require_pattern(fields, fields.require_string(value, field), field);
}

}  // namespace perfwarden::config
