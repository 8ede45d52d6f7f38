#include "util/json_fields.h"

#include <cmath>

namespace perfwarden::util {

void JsonFields::fail(const std::string& field, const std::string& problem,
                      const std::string& fix) const {
  throw JsonProblem(field, problem, fix.empty() ? default_fix_ : fix);
}

const Json& JsonFields::member(const Json& object, const std::string& field,
                               std::string_view key) const {
  require_object(object, field.empty() ? "(root)" : field);
  auto found = object.find(key);
  if (found == object.end()) fail(join(field, key), "missing");
  return *found;
}

void JsonFields::reject_unknown_keys(const Json& object, const std::string& field,
                                     const std::set<std::string>& known) const {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(join(field, key), "unknown field", "remove it or use one of: " + list);
  }
}

const Json& JsonFields::require_object(const Json& value, const std::string& field) const {
  if (!value.is_object())
    fail(field, "expected an object, got " + describe(value), "write { ... }");
  return value;
}

const Json& JsonFields::require_array(const Json& value, const std::string& field,
                                      std::string_view example) const {
  if (!value.is_array()) {
    fail(field, "expected an array, got " + describe(value),
         example.empty() ? std::string() : "e.g. " + std::string(example));
  }
  return value;
}

std::string JsonFields::require_string(const Json& value, const std::string& field) const {
  if (!value.is_string()) fail(field, "expected a string, got " + describe(value), "quote it");
  return value.get<std::string>();
}

double JsonFields::require_number(const Json& value, const std::string& field) const {
  if (!value.is_number()) fail(field, "expected a number, got " + describe(value), "e.g. 0.05");
  // Parsing refuses what overflows a double; a 64-bit integer converts (with rounding).
  return value.get<double>();
}

bool JsonFields::require_bool(const Json& value, const std::string& field) const {
  if (!value.is_boolean())
    fail(field, "expected true or false, got " + describe(value), "write true or false");
  return value.get<bool>();
}

std::int64_t JsonFields::require_integer(const Json& value, const std::string& field,
                                         std::int64_t min, std::int64_t max) const {
  const std::string range =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  bool in_range = false;
  std::int64_t result = 0;
  if (value.is_number_unsigned()) {
    auto v = value.get<std::uint64_t>();
    in_range =
        v <= static_cast<std::uint64_t>(max) && (min <= 0 || v >= static_cast<std::uint64_t>(min));
    result = in_range ? static_cast<std::int64_t>(v) : 0;
  } else if (value.is_number_integer()) {
    auto v = value.get<std::int64_t>();
    in_range = v >= min && v <= max;
    result = v;
  } else if (value.is_number_float()) {
    // Compare as doubles before converting: casting an out-of-range double is undefined.
    double v = value.get<double>();
    in_range = std::floor(v) == v && v >= static_cast<double>(min) && v <= static_cast<double>(max);
    result = in_range ? static_cast<std::int64_t>(v) : 0;
  } else {
    fail(field, "expected " + range + ", got " + describe(value), "e.g. " + std::to_string(min));
  }
  if (!in_range)
    fail(field, "expected " + range + ", got " + value.dump(), "e.g. " + std::to_string(min));
  return result;
}

std::vector<std::string> JsonFields::require_strings(const Json& value,
                                                     const std::string& field) const {
  require_array(value, field, R"(["a", "b"])");
  std::vector<std::string> result;
  result.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i)
    result.push_back(require_string(value[i], item(field, i)));
  return result;
}

std::string JsonFields::describe(const Json& value) {
  if (value.is_null()) return "null";
  return std::string(value.type_name());
}

}  // namespace perfwarden::util
