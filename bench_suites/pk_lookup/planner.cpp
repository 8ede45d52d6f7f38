#include "pk_lookup/planner.h"

namespace perfwarden::pk_lookup {

// SQLite's rule, and the line the perfwarden demo flips (README.md): only a column declared with
// the exact type name INTEGER and PRIMARY KEY becomes the rowid; `INT PRIMARY KEY` does not.
bool aliases_rowid(const ColumnDef& column) {
  return column.primary_key && column.declared_type == "INTEGER";
}

Plan plan_select(const TableSchema& table, std::span<const IndexDef> indexes,
                 std::optional<std::size_t> where_column, const PlannerOptions& options) {
  Plan plan;
  plan.column = where_column;
  if (!where_column) return plan;  // no WHERE: every row is wanted, a scan is right
  const ColumnDef& column = table.columns.at(*where_column);
  if (options.recognise_rowid_alias && aliases_rowid(column)) {
    plan.kind = PlanKind::kRowidSeek;
    return plan;
  }
  for (const IndexDef& index : indexes) {
    if (index.column == *where_column) {
      plan.kind = PlanKind::kIndexSeek;
      plan.index_name = index.name;
      return plan;
    }
  }
  return plan;
}

std::string explain_plan(const TableSchema& table, const Plan& plan) {
  switch (plan.kind) {
    case PlanKind::kRowidSeek:
      return "SEARCH " + table.name + " USING INTEGER PRIMARY KEY (rowid=?)";
    case PlanKind::kIndexSeek:
      return "SEARCH " + table.name + " USING INDEX " + plan.index_name + " (" +
             table.columns.at(*plan.column).name + "=?)";
    case PlanKind::kFullScan:
      return "SCAN " + table.name;
  }
  return "";
}

const char* to_string(PlanKind kind) {
  switch (kind) {
    case PlanKind::kRowidSeek:
      return "RowidSeek";
    case PlanKind::kIndexSeek:
      return "IndexSeek";
    case PlanKind::kFullScan:
      return "FullScan";
  }
  return "?";
}

}  // namespace perfwarden::pk_lookup
