#include "config/config_fields.h"

namespace perfwarden::config {

std::vector<std::string> require_argv(const JsonFields& fields, const Json& value,
                                      const std::string& field) {
  if (!value.is_array() || value.empty()) {
    fields.fail(field, "expected a non-empty array of strings (an argv, not a shell command)",
                R"(e.g. ["cmake", "--build", "{build}"])");
  }
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string arg = fields.require_string(value[i], JsonFields::item(field, i));
    if (arg.find('\0') != std::string::npos) {
      fields.fail(JsonFields::item(field, i), "contains a NUL byte",
                  "an argument cannot hold one: remove it");
    }
    for (auto open = arg.find('{'); open != std::string::npos; open = arg.find('{', open + 1)) {
      auto close = arg.find('}', open);
      if (close == std::string::npos) continue;
      auto name = arg.substr(open + 1, close - open - 1);
      if (name != "src" && name != "build") {
        fields.fail(JsonFields::item(field, i), "unknown placeholder {" + name + "}",
                    "use {src} (source directory) or {build} (build directory)");
      }
    }
    argv.push_back(std::move(arg));
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
