#pragma once

// Typed access to a parsed document (util/json_document.h) where every check that fails throws
// one JsonProblem naming the field's path ("suites[0].binary"), the problem and the fix. Types
// are checked before every get<T>(), integers for their range before any narrowing, so what a
// file says is either read exactly or refused, never truncated ("schema": 4294967297 is not 1).

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_document.h"

namespace perfwarden::util {

class JsonFields {
 public:
  // `default_fix` is offered when a check has no more specific one ("regenerate the baseline").
  explicit JsonFields(std::string default_fix = {}) : default_fix_(std::move(default_fix)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem,
                         const std::string& fix = {}) const;

  // The member `key` of `object` (which must be an object), or a "missing" problem.
  const Json& member(const Json& object, const std::string& field, std::string_view key) const;
  void reject_unknown_keys(const Json& object, const std::string& field,
                           const std::set<std::string>& known) const;

  const Json& require_object(const Json& value, const std::string& field) const;
  const Json& require_array(const Json& value, const std::string& field,
                            std::string_view example = {}) const;
  std::string require_string(const Json& value, const std::string& field) const;
  double require_number(const Json& value, const std::string& field) const;
  bool require_bool(const Json& value, const std::string& field) const;
  // A whole number from `min` to `max`: an integer, or a number with no fraction ("10.0").
  std::int64_t require_integer(const Json& value, const std::string& field, std::int64_t min,
                               std::int64_t max) const;
  std::vector<std::string> require_strings(const Json& value, const std::string& field) const;

  // Shorthands for member(object, field, key) followed by the check.
  std::string string_member(const Json& object, const std::string& field,
                            std::string_view key) const {
    return require_string(member(object, field, key), join(field, key));
  }

  static std::string describe(const Json& value);
  static std::string item(const std::string& field, std::size_t index) {
    return field + "[" + std::to_string(index) + "]";
  }
  static std::string join(const std::string& field, std::string_view key) {
    return field.empty() ? std::string(key) : field + "." + std::string(key);
  }

 private:
  std::string default_fix_;
};

}  // namespace perfwarden::util
