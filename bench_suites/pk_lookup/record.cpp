#include "pk_lookup/record.h"

#include <cstdint>
#include <cstring>

namespace perfwarden::pk_lookup {
namespace {

std::size_t encoded_size(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return 1;
    case ValueType::kInteger:
    case ValueType::kReal:
      return 1 + 8;
    case ValueType::kText:
      return 1 + 4 + v.as_text().size();
  }
  return 1;
}

template <typename T>
T load(const std::byte* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

// Bytes a column occupies, tag included, so a reader can skip to the next one.
std::size_t column_size(const std::byte* p) {
  switch (static_cast<ValueType>(*p)) {
    case ValueType::kNull:
      return 1;
    case ValueType::kInteger:
    case ValueType::kReal:
      return 9;
    case ValueType::kText:
      return 5 + load<std::uint32_t>(p + 1);
  }
  return 1;
}

}  // namespace

const std::byte* encode_record(std::span<const Value> values, Arena& arena) {
  std::size_t bytes = 0;
  for (const Value& v : values) bytes += encoded_size(v);
  std::byte* const record = arena.allocate(bytes, 8);
  std::byte* p = record;
  for (const Value& v : values) {
    *p++ = static_cast<std::byte>(v.type());
    switch (v.type()) {
      case ValueType::kNull:
        break;
      case ValueType::kInteger: {
        const std::int64_t i = v.as_integer();
        std::memcpy(p, &i, 8);
        p += 8;
        break;
      }
      case ValueType::kReal: {
        const double d = v.as_real();
        std::memcpy(p, &d, 8);
        p += 8;
        break;
      }
      case ValueType::kText: {
        const auto length = static_cast<std::uint32_t>(v.as_text().size());
        std::memcpy(p, &length, 4);
        std::memcpy(p + 4, v.as_text().data(), length);
        p += 4 + length;
        break;
      }
    }
  }
  return record;
}

ValueRef decode_column(const std::byte* record, std::size_t column) {
  const std::byte* p = record;
  for (std::size_t i = 0; i < column; ++i) p += column_size(p);
  ValueRef v;
  v.type = static_cast<ValueType>(*p);
  switch (v.type) {
    case ValueType::kNull:
      break;
    case ValueType::kInteger:
      v.integer = load<std::int64_t>(p + 1);
      break;
    case ValueType::kReal:
      v.real = load<double>(p + 1);
      break;
    case ValueType::kText:
      v.text = std::string_view(reinterpret_cast<const char*>(p + 5), load<std::uint32_t>(p + 1));
      break;
  }
  return v;
}

}  // namespace perfwarden::pk_lookup
