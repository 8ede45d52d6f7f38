#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::config {

// Typed access to a parsed config file, where every failure becomes one usage error in the form
// "<file>: field '<path>': <problem>" with its fix. Shared by every section's parser.
class JsonFields {
 public:
  // ordered_json keeps the file's key order: threshold rules apply first match first.
  using json = nlohmann::ordered_json;

  explicit JsonFields(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem,
                         const std::string& fix) const;
  void reject_unknown_keys(const json& object, const std::string& field,
                           const std::set<std::string>& known) const;
  const json& require_object(const json& value, const std::string& field) const;
  const json& require_array(const json& value, const std::string& field,
                            std::string_view example) const;
  std::string require_string(const json& value, const std::string& field) const;
  double require_number(const json& value, const std::string& field) const;
  bool require_bool(const json& value, const std::string& field) const;
  // An argv array whose placeholders are only {src} and {build}.
  std::vector<std::string> require_argv(const json& value, const std::string& field) const;
  // A string that compiles as an ECMAScript regex.
  std::string require_regex(const json& value, const std::string& field) const;
  void require_regex(const std::string& pattern, const std::string& field) const;

  static std::string describe(const json& value);
  static std::string item(const std::string& field, std::size_t index) {
    return field + "[" + std::to_string(index) + "]";
  }

 private:
  std::string origin_;
};

}  // namespace perfwarden::config
