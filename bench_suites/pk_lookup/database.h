#pragma once

// An in-memory database: a set of tables and the entry points for SQL. Errors surface as Error
// with SQLite-like wording ("no such table: t", "UNIQUE constraint failed: t.id").

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "pk_lookup/error.h"
#include "pk_lookup/planner.h"
#include "pk_lookup/statement.h"
#include "pk_lookup/table.h"

namespace perfwarden::pk_lookup {

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Parses one statement and resolves its names; CREATE and INSERT run on the first step().
  Statement prepare(std::string_view sql);

  // prepare() and step() to the end, discarding rows.
  void execute(std::string_view sql);

  // prepare(), bind `parameters` in order, and collect every row. For tests and tools.
  std::vector<std::vector<Value>> query(std::string_view sql,
                                        const std::vector<Value>& parameters = {});

  // Prepared statements re-plan on their next execution.
  void set_planner_options(const PlannerOptions& options);
  const PlannerOptions& planner_options() const { return planner_options_; }

  // nullptr when there is no such table (names are case-insensitive).
  Table* find_table(std::string_view name);

 private:
  friend class Statement;
  void create_table(TableSchema schema);  // throws Error
  void schema_changed() { ++schema_version_; }

  std::vector<std::unique_ptr<Table>> tables_;
  std::uint64_t schema_version_ = 0;
  PlannerOptions planner_options_;
};

}  // namespace perfwarden::pk_lookup
