#include "pk_lookup/schema.h"

#include <cctype>

namespace perfwarden::pk_lookup {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<std::size_t> TableSchema::find_column(std::string_view column_name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (iequals(columns[i].name, column_name)) return i;
  }
  return std::nullopt;
}

std::string finish_schema(TableSchema& schema) {
  if (schema.columns.empty()) return "table " + schema.name + " has no columns";
  bool seen_primary_key = false;
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    ColumnDef& column = schema.columns[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (iequals(schema.columns[j].name, column.name)) {
        return "duplicate column name: " + column.name;
      }
    }
    column.affinity = affinity_of_declared_type(column.declared_type);
    if (column.primary_key) {
      if (seen_primary_key) return "table \"" + schema.name + "\" has more than one primary key";
      seen_primary_key = true;
    }
  }
  return "";
}

}  // namespace perfwarden::pk_lookup
