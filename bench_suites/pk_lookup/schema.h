#pragma once

// What CREATE TABLE declared, plus the one storage decision derived from it: which column, if any,
// is the B+tree key itself (decided by the planner's aliases_rowid() when the table is created).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pk_lookup/value.h"

namespace perfwarden::pk_lookup {

struct ColumnDef {
  std::string name;
  std::string declared_type;  // upper-cased words joined by one space: "INTEGER", "VARCHAR"
  bool primary_key = false;
  bool not_null = false;
  Affinity affinity = Affinity::kBlob;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnDef> columns;
  // The column whose value is the rowid, if any; stored as the key, not in the record.
  std::optional<std::size_t> rowid_alias;

  // Case-insensitive, as SQL names are.
  std::optional<std::size_t> find_column(std::string_view column_name) const;
};

// Fills in affinities; the error names the problem (duplicate column, two primary keys, no
// columns). Returns an empty string on success.
std::string finish_schema(TableSchema& schema);

bool iequals(std::string_view a, std::string_view b);

}  // namespace perfwarden::pk_lookup
