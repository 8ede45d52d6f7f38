#pragma once

// Parsing JSON that perfwarden did not write (the config, every benchmark binary's output,
// stored baselines, shard reports) into a document whose size and shape are bounded, with every
// failure located by its field path. The one place where JSON text is parsed: its callers never
// see an nlohmann exception.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace perfwarden::util {

// ordered_json keeps the file's key order (threshold rules apply first match first). Objects
// are filled in amortised O(1) per key (see json_document.cpp), not ordered_map's O(n) insert.
using Json = nlohmann::ordered_json;

// What one document may hold. The defaults suit machine-written output (a benchmark binary's
// JSON, a shard report); a config sets tighter ones.
struct JsonLimits {
  std::size_t max_bytes = 64u << 20;   // the text itself
  std::size_t max_depth = 64;          // nested objects and arrays
  std::size_t max_values = 4'000'000;  // every value counts, keys included (memory ~64 B each)
  bool allow_comments = false;         // `//` and `/* */`, as perfwarden.json allows
  bool reject_duplicate_keys = true;   // false: the first occurrence wins
};

// Why a document cannot be read: where (a field path such as "suites[0].filter", or "" for the
// document as a whole), what is wrong, and optionally how to fix it. Parsers turn it into their
// own error (a usage error naming the file, a malformed-output failure naming the binary).
class JsonProblem : public std::exception {
 public:
  JsonProblem(std::string path, std::string problem, std::string fix = {})
      : path_(std::move(path)), problem_(std::move(problem)), fix_(std::move(fix)) {}

  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }
  const std::string& fix() const { return fix_; }
  // "field 'suites[0].filter': <problem>", or the problem alone for the whole document.
  std::string describe() const;
  const char* what() const noexcept override { return problem_.c_str(); }

 private:
  std::string path_;
  std::string problem_;
  std::string fix_;
};

// Parses `text` within `limits`. Throws JsonProblem: for a syntax error (with its line and
// column), a number out of the double range ("1e400", at the field it belongs to), invalid
// UTF-8, nesting, size or value count beyond the limits, or a duplicate key.
Json parse_json_document(std::string_view text, const JsonLimits& limits = {});

// Runs `read(document)` and returns its result. Any nlohmann exception escaping `read` (a
// get<T>() on the wrong type that a check missed) becomes a JsonProblem as well, so a parser
// built on this has exactly one failure type to translate.
template <class Read>
auto read_json_document(std::string_view text, const JsonLimits& limits, Read&& read) {
  Json document = parse_json_document(text, limits);
  try {
    return std::forward<Read>(read)(std::as_const(document));
  } catch (const nlohmann::json::exception& e) {
    throw JsonProblem("", std::string("unreadable value: ") + e.what());
  }
}

// The member `key` of `object`, or nullptr when `object` is no object or lacks it: for readers of
// other tools' JSON (CMake's, CTest's) that skip what they do not understand instead of failing.
inline const Json* find_member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace perfwarden::util
