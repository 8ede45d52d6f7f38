#include "util/json_document.h"

#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

namespace perfwarden::util {
namespace {

// Builds the document through nlohmann's SAX interface instead of its DOM parser, for three
// things the DOM parser cannot do: say at which field a number overflowed or a syntax error
// happened, refuse nesting, size and duplicate keys while parsing (before any memory is spent on
// them), and fill ordered objects without ordered_map's linear search per inserted key (a row
// with 100k keys would otherwise take 5e9 string compares).
class BoundedBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit BoundedBuilder(const JsonLimits& limits) : limits_(limits) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool value) { return put(Json(value)); }
  bool number_integer(number_integer_t value) { return put(Json(value)); }
  bool number_unsigned(number_unsigned_t value) { return put(Json(value)); }
  // The lexer has already refused what does not fit a double (parse_error 406, below).
  bool number_float(number_float_t value, const string_t&) { return put(Json(value)); }
  bool string(string_t& value) { return put(Json(std::move(value))); }
  bool binary(binary_t& value) { return put(Json::binary(std::move(value))); }

  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& key) {
    if (!count_value()) return false;
    Frame& frame = frames_.back();
    if (!frame.keys->insert(key).second) {
      frame.key = std::move(key);
      frame.pending = true;
      return fail("duplicate key");
    }
    frame.key = std::move(key);
    frame.pending = true;
    return true;
  }

  bool parse_error(std::size_t, const std::string& token, const nlohmann::json::exception& e) {
    if (e.id == 406) {
      return fail("number " + token.substr(0, 40) + " is out of range",
                  "write a number a double can hold (magnitude below 1.8e308)");
    }
    // "[json.exception.parse_error.101] parse error at line 1, column 7: ..." without the tag.
    std::string message = e.what();
    if (auto tag_end = message.find("] ");
        message.rfind("[json.exception.", 0) == 0 && tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return fail("not valid JSON: " + message);
  }

  Json take_root() { return std::move(root_); }
  const std::optional<JsonProblem>& problem() const { return problem_; }

 private:
  struct Frame {
    Json* value;
    std::string key;  // objects: the key of the member being read
    bool pending = false;
    // Keys seen in this object; a unique_ptr so frames stay cheap to move when the stack grows.
    std::unique_ptr<std::unordered_set<std::string>> keys;
  };

  // The path of the value being read: "suites[0].filter", "[3]", or "" at the top.
  std::string current_path() const {
    std::string path;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      if (frame.value->is_object()) {
        if (!innermost || frame.pending) path += (path.empty() ? "" : ".") + frame.key;
      } else {
        std::size_t size = frame.value->size();
        std::size_t index = innermost ? size : size - 1;  // an outer frame reads its last element
        path += "[" + std::to_string(index) + "]";
      }
    }
    return path;
  }

  bool fail(std::string problem, std::string fix = {}) {
    if (!problem_) problem_.emplace(current_path(), std::move(problem), std::move(fix));
    return false;
  }

  bool count_value() {
    if (++values_ <= limits_.max_values) return true;
    return fail("more than " + std::to_string(limits_.max_values) + " values");
  }

  // Places `value` where the parser is and returns it, or nullptr on failure.
  Json* place(Json&& value) {
    if (!count_value()) return nullptr;
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.value->is_array()) {
      auto& array = frame.value->get_ref<Json::array_t&>();
      array.push_back(std::move(value));
      return &array.back();
    }
    // Uniqueness was checked in key(): append directly to the ordered map's vector.
    auto& object = frame.value->get_ref<Json::object_t&>();
    object.emplace_back(frame.key, std::move(value));
    frame.pending = false;
    return &object.back().second;
  }

  bool put(Json&& value) { return place(std::move(value)) != nullptr; }

  bool open(Json&& container) {
    if (frames_.size() >= limits_.max_depth) {
      return fail("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    const bool is_object = container.is_object();
    Json* placed = place(std::move(container));
    if (placed == nullptr) return false;
    Frame frame{placed, {}, false, nullptr};
    if (is_object) frame.keys = std::make_unique<std::unordered_set<std::string>>();
    frames_.push_back(std::move(frame));
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  const JsonLimits& limits_;
  Json root_;
  std::vector<Frame> frames_;
  std::size_t values_ = 0;
  std::optional<JsonProblem> problem_;
};

}  // namespace

std::string JsonProblem::describe() const {
  return path_.empty() ? problem_ : "field '" + path_ + "': " + problem_;
}

Json parse_json_document(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    throw JsonProblem("", "is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                              std::to_string(limits.max_bytes));
  }
  BoundedBuilder builder(limits);
  bool parsed = false;
  try {
    parsed =
        Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                        /*strict=*/true, limits.allow_comments);
  } catch (const nlohmann::json::exception& e) {
    throw JsonProblem("", std::string("not valid JSON: ") + e.what());
  }
  if (const auto& problem = builder.problem()) throw *problem;
  if (!parsed) throw JsonProblem("", "not valid JSON");
  return builder.take_root();
}

}  // namespace perfwarden::util
