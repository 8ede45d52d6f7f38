#include "pk_lookup/value.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace perfwarden::pk_lookup {
namespace {

int compare_integer_real(std::int64_t i, double r) {
  // Exact comparison: converting i to double would make 2^53 + 1 equal to 2^53.
  if (r >= 9223372036854775808.0) return -1;
  if (r < -9223372036854775808.0) return 1;
  const auto truncated = static_cast<std::int64_t>(r);
  if (i < truncated) return -1;
  if (i > truncated) return 1;
  const auto back = static_cast<double>(truncated);
  if (back < r) return -1;
  if (back > r) return 1;
  return 0;
}

int type_rank(ValueType t) {
  switch (t) {
    case ValueType::kNull:
      return 0;
    case ValueType::kInteger:
    case ValueType::kReal:
      return 1;
    case ValueType::kText:
      return 2;
  }
  return 3;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// SQLite accepts surrounding spaces when it converts text to a number on storage.
std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Text that is exactly a number becomes that number; anything else stays text.
Value numeric_from_text(const std::string& text, bool prefer_real) {
  const std::string trimmed(trim(text));
  if (trimmed.empty()) return Value(text);
  char* end = nullptr;
  errno = 0;
  const long long i = std::strtoll(trimmed.c_str(), &end, 10);
  if (errno == 0 && end == trimmed.c_str() + trimmed.size()) {
    return prefer_real ? Value(static_cast<double>(i)) : Value(static_cast<std::int64_t>(i));
  }
  errno = 0;
  const double d = std::strtod(trimmed.c_str(), &end);
  if (end != trimmed.c_str() + trimmed.size() || std::isnan(d)) return Value(text);
  return Value(d);
}

std::string render_real(double d) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15g", d);
  std::string s(buffer);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // SQLite prints 1.0, not 1
  return s;
}

// A REAL with an integral value that fits is stored as INTEGER by INTEGER/NUMERIC affinity.
Value integral_real_to_integer(Value v) {
  if (v.type() != ValueType::kReal) return v;
  const double d = v.as_real();
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
      static_cast<double>(static_cast<std::int64_t>(d)) == d) {
    return Value(static_cast<std::int64_t>(d));
  }
  return v;
}

}  // namespace

ValueRef view_of(const Value& v) {
  ValueRef r;
  r.type = v.type();
  switch (r.type) {
    case ValueType::kNull:
      break;
    case ValueType::kInteger:
      r.integer = v.as_integer();
      break;
    case ValueType::kReal:
      r.real = v.as_real();
      break;
    case ValueType::kText:
      r.text = v.as_text();
      break;
  }
  return r;
}

Value to_value(const ValueRef& v) {
  switch (v.type) {
    case ValueType::kNull:
      return Value();
    case ValueType::kInteger:
      return Value(v.integer);
    case ValueType::kReal:
      return Value(v.real);
    case ValueType::kText:
      return Value(std::string(v.text));
  }
  return Value();
}

int compare_values(const ValueRef& a, const ValueRef& b) {
  const int ra = type_rank(a.type);
  const int rb = type_rank(b.type);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type) {
    case ValueType::kNull:
      return 0;
    case ValueType::kText: {
      const int c = a.text.compare(b.text);
      return (c > 0) - (c < 0);
    }
    case ValueType::kInteger:
      if (b.type == ValueType::kInteger) return (a.integer > b.integer) - (a.integer < b.integer);
      return compare_integer_real(a.integer, b.real);
    case ValueType::kReal:
      if (b.type == ValueType::kInteger) return -compare_integer_real(b.integer, a.real);
      return (a.real > b.real) - (a.real < b.real);
  }
  return 0;
}

Affinity affinity_of_declared_type(std::string_view t) {
  // Order matters and is SQLite's: "CHARINT" is INTEGER, "FLOATING POINT" is REAL.
  if (contains(t, "INT")) return Affinity::kInteger;
  if (contains(t, "CHAR") || contains(t, "CLOB") || contains(t, "TEXT")) return Affinity::kText;
  if (t.empty() || contains(t, "BLOB")) return Affinity::kBlob;
  if (contains(t, "REAL") || contains(t, "FLOA") || contains(t, "DOUB")) return Affinity::kReal;
  return Affinity::kNumeric;
}

Value apply_affinity(Value v, Affinity affinity) {
  switch (affinity) {
    case Affinity::kBlob:
      return v;
    case Affinity::kText:
      if (v.type() == ValueType::kInteger) return Value(std::to_string(v.as_integer()));
      if (v.type() == ValueType::kReal) return Value(render_real(v.as_real()));
      return v;
    case Affinity::kReal:
      if (v.type() == ValueType::kInteger) return Value(static_cast<double>(v.as_integer()));
      if (v.type() == ValueType::kText) {
        Value n = numeric_from_text(v.as_text(), /*prefer_real=*/true);
        return n;
      }
      return v;
    case Affinity::kInteger:
    case Affinity::kNumeric:
      if (v.type() == ValueType::kText) v = numeric_from_text(v.as_text(), false);
      return integral_real_to_integer(std::move(v));
  }
  return v;
}

Value apply_comparison_affinity(Value v, Affinity affinity) {
  switch (affinity) {
    case Affinity::kBlob:
      return v;
    case Affinity::kText:
      return apply_affinity(std::move(v), Affinity::kText);
    case Affinity::kInteger:
    case Affinity::kNumeric:
    case Affinity::kReal:
      // Only text is converted; the numeric comparison itself already treats 3 and 3.0 alike.
      if (v.type() == ValueType::kText) return numeric_from_text(v.as_text(), false);
      return v;
  }
  return v;
}

std::string to_display_string(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kInteger:
      return std::to_string(v.as_integer());
    case ValueType::kReal:
      return render_real(v.as_real());
    case ValueType::kText:
      return "'" + v.as_text() + "'";
  }
  return "?";
}

}  // namespace perfwarden::pk_lookup
