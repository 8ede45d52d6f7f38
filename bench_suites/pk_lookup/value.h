#pragma once

// One SQL value: NULL, INTEGER, REAL or TEXT (no BLOB). Comparison follows SQLite's rules so that
// the differential test against libsqlite3 can demand identical rows.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace perfwarden::pk_lookup {

enum class ValueType : std::uint8_t { kNull, kInteger, kReal, kText };

// Column affinity, derived from the declared type with SQLite's substring rules
// (https://sqlite.org/datatype3.html#determination_of_column_affinity).
enum class Affinity : std::uint8_t { kInteger, kText, kBlob, kReal, kNumeric };

class Value {
 public:
  Value() = default;  // NULL
  Value(std::int64_t i) : v_(i) {}
  Value(int i) : v_(std::int64_t{i}) {}
  Value(double d) : v_(d) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(const char* s) : v_(std::string(s)) {}

  ValueType type() const { return static_cast<ValueType>(v_.index()); }
  bool is_null() const { return type() == ValueType::kNull; }
  std::int64_t as_integer() const { return std::get<std::int64_t>(v_); }
  double as_real() const { return std::get<double>(v_); }
  const std::string& as_text() const { return std::get<std::string>(v_); }

  friend bool operator==(const Value&, const Value&) = default;  // exact: 1 != 1.0

 private:
  std::variant<std::monostate, std::int64_t, double, std::string> v_;
};

// A non-owning view of a value, as decoded from a record: scans compare without allocating.
struct ValueRef {
  ValueType type = ValueType::kNull;
  std::int64_t integer = 0;
  double real = 0.0;
  std::string_view text;
};
ValueRef view_of(const Value& v);
Value to_value(const ValueRef& v);

// Total order used by indexes: NULL < numbers (compared numerically, 1 == 1.0) < TEXT (bytes).
int compare_values(const ValueRef& a, const ValueRef& b);
inline int compare_values(const Value& a, const Value& b) {
  return compare_values(view_of(a), view_of(b));
}

// SQL `a = b`: false whenever either side is NULL (NULL = NULL is not true).
inline bool sql_equals(const ValueRef& a, const ValueRef& b) {
  return a.type != ValueType::kNull && b.type != ValueType::kNull && compare_values(a, b) == 0;
}
inline bool sql_equals(const Value& a, const Value& b) {
  return sql_equals(view_of(a), view_of(b));
}

Affinity affinity_of_declared_type(std::string_view declared_type);

// What storing `v` in a column of this affinity does to it (e.g. '42' in an INT column becomes 42).
Value apply_affinity(Value v, Affinity affinity);

// What comparing against a column of this affinity does to an affinity-less operand such as a
// bound parameter: numeric columns convert numeric-looking text, TEXT columns render numbers.
Value apply_comparison_affinity(Value v, Affinity affinity);

// For diagnostics and test output: 42, 1.5, 'text', NULL.
std::string to_display_string(const Value& v);

}  // namespace perfwarden::pk_lookup
