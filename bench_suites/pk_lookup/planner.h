#pragma once

// Chooses how a `SELECT ... WHERE col = ?` finds its rows. This is the decision an LLM-written
// SQLite clone got wrong: it never recognised that `id INTEGER PRIMARY KEY` *is* the B+tree key,
// so every primary-key lookup became a full scan (1,815 ms instead of 0.09 ms).
//
//   the column aliases the rowid       -> kRowidSeek: one B+tree descent, O(log n)
//   a secondary index covers the column -> kIndexSeek: index descent, then rowid seeks
//   otherwise (or no WHERE)             -> kFullScan: every row, O(n)

#include <optional>
#include <span>
#include <string>

#include "pk_lookup/schema.h"

namespace perfwarden::pk_lookup {

enum class PlanKind { kRowidSeek, kIndexSeek, kFullScan };

struct Plan {
  PlanKind kind = PlanKind::kFullScan;
  std::optional<std::size_t> column;  // the WHERE column
  std::string index_name;             // kIndexSeek only
};

struct IndexDef {
  std::string name;
  std::size_t column = 0;
};

struct PlannerOptions {
  // false simulates the clone's bug at run time, for tests: the rowid alias is not
  // recognised, so primary-key lookups scan while storage is unchanged.
  bool recognise_rowid_alias = true;
};

// True when the column is the rowid under another name. Storage asks the same question when a
// table is created (Database), so a rowid seek always lands on what is stored as the key: a rule
// that misses the alias makes `id` an ordinary stored column, found only by scanning.
bool aliases_rowid(const ColumnDef& column);

Plan plan_select(const TableSchema& table, std::span<const IndexDef> indexes,
                 std::optional<std::size_t> where_column, const PlannerOptions& options = {});

// One line in the words of SQLite's EXPLAIN QUERY PLAN:
//   SEARCH t USING INTEGER PRIMARY KEY (rowid=?) | SEARCH t USING INDEX i (k=?) | SCAN t
std::string explain_plan(const TableSchema& table, const Plan& plan);

const char* to_string(PlanKind kind);

}  // namespace perfwarden::pk_lookup
