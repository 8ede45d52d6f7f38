#include "config/json_fields.h"

#include <regex>

#include "util/error.h"

namespace perfwarden::config {

void JsonFields::fail(const std::string& field, const std::string& problem,
                      const std::string& fix) const {
  throw usage_error(origin_ + ": field '" + field + "': " + problem, fix);
}

void JsonFields::reject_unknown_keys(const json& object, const std::string& field,
                                     const std::set<std::string>& known) const {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(field.empty() ? key : field + "." + key, "unknown field",
         "remove it or use one of: " + list);
  }
}

const JsonFields::json& JsonFields::require_object(const json& value,
                                                   const std::string& field) const {
  if (!value.is_object())
    fail(field, "expected an object, got " + describe(value), "write { ... }");
  return value;
}

const JsonFields::json& JsonFields::require_array(const json& value, const std::string& field,
                                                  std::string_view example) const {
  if (!value.is_array())
    fail(field, "expected an array, got " + describe(value), "e.g. " + std::string(example));
  return value;
}

std::string JsonFields::require_string(const json& value, const std::string& field) const {
  if (!value.is_string()) fail(field, "expected a string, got " + describe(value), "quote it");
  return value.get<std::string>();
}

double JsonFields::require_number(const json& value, const std::string& field) const {
  if (!value.is_number()) fail(field, "expected a number, got " + describe(value), "e.g. 0.05");
  return value.get<double>();
}

bool JsonFields::require_bool(const json& value, const std::string& field) const {
  if (!value.is_boolean())
    fail(field, "expected true or false, got " + describe(value), "write true or false");
  return value.get<bool>();
}

std::vector<std::string> JsonFields::require_argv(const json& value,
                                                  const std::string& field) const {
  if (!value.is_array() || value.empty()) {
    fail(field, "expected a non-empty array of strings (an argv, not a shell command)",
         R"(e.g. ["cmake", "--build", "{build}"])");
  }
  std::vector<std::string> argv;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string arg = require_string(value[i], item(field, i));
    for (auto open = arg.find('{'); open != std::string::npos; open = arg.find('{', open + 1)) {
      auto close = arg.find('}', open);
      if (close == std::string::npos) continue;
      auto name = arg.substr(open + 1, close - open - 1);
      if (name != "src" && name != "build") {
        fail(item(field, i), "unknown placeholder {" + name + "}",
             "use {src} (source directory) or {build} (build directory)");
      }
    }
    argv.push_back(std::move(arg));
  }
  return argv;
}

void JsonFields::require_regex(const std::string& pattern, const std::string& field) const {
  try {
    std::regex compiled(pattern);
  } catch (const std::regex_error& e) {
    fail(field, "invalid regular expression '" + pattern + "': " + e.what(),
         "use ECMAScript syntax, e.g. \"BM_Noisy.*\"");
  }
}

std::string JsonFields::require_regex(const json& value, const std::string& field) const {
  std::string pattern = require_string(value, field);
  require_regex(pattern, field);
  return pattern;
}

std::string JsonFields::describe(const json& value) {
  if (value.is_null()) return "null";
  return std::string(value.type_name());
}

}  // namespace perfwarden::config
