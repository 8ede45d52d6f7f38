#pragma once

// The SQL subset, parsed by recursive descent into plain structs:
//
//   [EXPLAIN [QUERY PLAN]] SELECT (* | col, ...) FROM t [WHERE col = (? | literal)]
//   CREATE TABLE t (col [type words] [(n[, m])] [PRIMARY KEY] [NOT NULL], ...)
//   CREATE INDEX name ON t (col)
//   INSERT INTO t [(col, ...)] VALUES (expr, ...)[, (expr, ...)]
//
// Literals: integers, reals, 'strings', NULL, with an optional sign on numbers. `?` parameters are
// numbered from 1 in order of appearance. Names are only resolved later, against the schema.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pk_lookup/schema.h"
#include "pk_lookup/value.h"

namespace perfwarden::pk_lookup {

struct Expr {
  int parameter = 0;  // 1-based index of a `?`; 0 for a literal
  Value literal;
};

struct CreateTableStmt {
  TableSchema schema;  // columns as declared; finish_schema() not yet applied
};

struct CreateIndexStmt {
  std::string index;
  std::string table;
  std::string column;
};

struct InsertStmt {
  std::string table;
  std::vector<std::string> columns;  // empty: all columns in declaration order
  std::vector<std::vector<Expr>> rows;
};

struct SelectStmt {
  std::string table;
  std::vector<std::string> columns;  // empty: `*`
  std::optional<std::string> where_column;
  Expr where_value;
};

struct ExplainStmt {
  SelectStmt select;
  bool query_plan = false;  // EXPLAIN QUERY PLAN; plain EXPLAIN reports the same plan line
};

using SqlStatement =
    std::variant<CreateTableStmt, CreateIndexStmt, InsertStmt, SelectStmt, ExplainStmt>;

struct ParseResult {
  std::optional<SqlStatement> statement;
  int parameter_count = 0;
  // Empty on success; otherwise e.g. `syntax error at offset 7 near "FROM": expected a column
  // name or '*' after SELECT`.
  std::string error;
};

ParseResult parse_sql(std::string_view sql);

}  // namespace perfwarden::pk_lookup
