#pragma once

// A prepared statement, shaped like sqlite3_stmt: prepare once, then per execution bind, step
// until it returns false, read columns of the current row, reset. Parsing, name resolution and
// planning happen once in prepare, so an execution is a bind, a seek and column reads; nothing on
// the seek path allocates.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pk_lookup/btree.h"
#include "pk_lookup/planner.h"
#include "pk_lookup/sql_parser.h"
#include "pk_lookup/value.h"

namespace perfwarden::pk_lookup {

class Database;
class Table;

class Statement {
 public:
  // Parameters are 1-based, as in SQLite; an index outside 1..parameter_count() throws Error.
  int parameter_count() const { return parameter_count_; }
  void bind(int index, Value value);
  void bind_int64(int index, std::int64_t value) { bind(index, Value(value)); }
  void bind_double(int index, double value) { bind(index, Value(value)); }
  void bind_text(int index, std::string_view value) { bind(index, Value(std::string(value))); }
  void bind_null(int index) { bind(index, Value()); }

  // Runs until the next row (true) or the end (false). Statements without rows (CREATE, INSERT)
  // do their work on the first call. Throws Error on constraint violations.
  bool step();
  // Back to before the first step; bindings are kept (sqlite3_reset).
  void reset();

  // The current row, valid after step() returned true.
  std::size_t column_count() const { return column_names_.size(); }
  const std::string& column_name(std::size_t i) const { return column_names_.at(i); }
  ValueType column_type(std::size_t i) const { return column_ref(i).type; }
  std::int64_t column_int64(std::size_t i) const;  // NULL reads 0, REAL truncates
  double column_double(std::size_t i) const;
  std::string_view column_text(std::size_t i) const;  // only for TEXT; empty otherwise
  Value column_value(std::size_t i) const { return to_value(column_ref(i)); }

  // SELECT and EXPLAIN only (kFullScan otherwise): how rows are found, and SQLite's words for it.
  const Plan& plan() const { return plan_; }
  std::string explain() const;

 private:
  friend class Database;
  enum class Phase { kReady, kRunning, kDone };

  Statement(Database* database, SqlStatement statement, int parameter_count);
  void resolve();  // table and column names -> Table* and indexes; throws Error
  void replan();
  bool step_select();
  bool matches_where(std::int64_t rowid, const std::byte* record) const;
  ValueRef column_ref(std::size_t i) const;
  const Value& where_value() const;
  void execute_create_table();
  void execute_create_index();
  void execute_insert();

  Database* database_;
  SqlStatement ast_;
  int parameter_count_;
  std::vector<Value> parameters_;
  Phase phase_ = Phase::kReady;

  // SELECT / EXPLAIN / INSERT, after resolve():
  Table* table_ = nullptr;
  std::vector<std::size_t> output_columns_;  // SELECT: table column per output column
  std::vector<std::string> column_names_;
  std::optional<std::size_t> where_column_;
  std::vector<std::size_t> insert_columns_;  // INSERT: table column per value
  Plan plan_;
  std::uint64_t planned_schema_version_ = 0;

  // Execution state of a SELECT.
  Value probe_;  // the WHERE value after the column's comparison affinity
  BPlusTree::Cursor scan_;
  std::vector<std::int64_t> index_rowids_;
  std::size_t index_position_ = 0;
  std::int64_t current_rowid_ = 0;
  const std::byte* current_record_ = nullptr;
  std::string explain_row_;  // EXPLAIN's single `detail` column
};

}  // namespace perfwarden::pk_lookup
