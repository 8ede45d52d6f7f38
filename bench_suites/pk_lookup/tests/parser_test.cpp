#include "pk_lookup/sql_parser.h"

#include <gtest/gtest.h>

namespace perfwarden::pk_lookup {
namespace {

SqlStatement parse_ok(std::string_view sql) {
  ParseResult r = parse_sql(sql);
  EXPECT_EQ(r.error, "") << sql;
  return r.statement.value_or(SqlStatement{});
}

std::string parse_error(std::string_view sql) {
  ParseResult r = parse_sql(sql);
  EXPECT_FALSE(r.statement.has_value()) << sql;
  return r.error;
}

TEST(SqlParser, CreateTableKeepsTypesAndConstraints) {
  const auto s = std::get<CreateTableStmt>(
      parse_ok("create table T (id integer primary key, name varchar(20) not null, x)"));
  ASSERT_EQ(s.schema.columns.size(), 3u);
  EXPECT_EQ(s.schema.name, "T");
  EXPECT_EQ(s.schema.columns[0].declared_type, "INTEGER");
  EXPECT_TRUE(s.schema.columns[0].primary_key);
  EXPECT_EQ(s.schema.columns[1].declared_type, "VARCHAR");
  EXPECT_TRUE(s.schema.columns[1].not_null);
  EXPECT_EQ(s.schema.columns[2].declared_type, "");
}

TEST(SqlParser, SelectWithParameterAndStar) {
  const auto s = std::get<SelectStmt>(parse_ok("SELECT a, b FROM t WHERE id = ?;"));
  EXPECT_EQ(s.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.where_column, "id");
  EXPECT_EQ(s.where_value.parameter, 1);
  const auto star = std::get<SelectStmt>(parse_ok("select * from t where name = 'O''Brien'"));
  EXPECT_TRUE(star.columns.empty());
  EXPECT_EQ(star.where_value.literal, Value("O'Brien"));
}

TEST(SqlParser, InsertNumbersParametersAndLiterals) {
  ParseResult r = parse_sql("INSERT INTO t (a, b, c) VALUES (?, -1.5, NULL), (?, +7, 'x')");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.parameter_count, 2);
  const auto& s = std::get<InsertStmt>(*r.statement);
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0][1].literal, Value(-1.5));
  EXPECT_TRUE(s.rows[0][2].literal.is_null());
  EXPECT_EQ(s.rows[1][0].parameter, 2);
  EXPECT_EQ(s.rows[1][1].literal, Value(7));
}

TEST(SqlParser, ExplainAndCreateIndex) {
  EXPECT_TRUE(
      std::get<ExplainStmt>(parse_ok("EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 1")).query_plan);
  EXPECT_FALSE(std::get<ExplainStmt>(parse_ok("EXPLAIN SELECT * FROM t")).query_plan);
  const auto index = std::get<CreateIndexStmt>(parse_ok("CREATE INDEX idx_a ON t(a)"));
  EXPECT_EQ(index.index, "idx_a");
  EXPECT_EQ(index.column, "a");
}

TEST(SqlParser, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(parse_error("SELECT FROM t"),
            "syntax error at offset 7 near \"FROM\": expected a column name or '*' after SELECT");
  EXPECT_EQ(parse_error("SELECT * FROM"),
            "syntax error at offset 13 at end of input: expected a table name after FROM");
  EXPECT_EQ(parse_error("SELEC * FROM t"),
            "syntax error at offset 0 near \"SELEC\": expected SELECT, INSERT, CREATE or EXPLAIN");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a > 1"),
            "syntax error: unexpected character '>' at offset 24");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a"),
            "syntax error at offset 23 at end of input: expected '=' (only `WHERE column = value` "
            "is supported)");
  EXPECT_EQ(parse_error("SELECT * FROM t WHERE a = 'open"),
            "syntax error: unterminated string literal at offset 26");
  EXPECT_EQ(parse_error("CREATE TABLE t (id INTEGER PRIMARY KEY"),
            "syntax error at offset 38 at end of input: expected ')' after the column definitions");
  EXPECT_EQ(parse_error("INSERT INTO t VALUES (1,)"),
            "syntax error at offset 24 near \")\": expected a value");
  EXPECT_EQ(parse_error("SELECT * FROM t extra"),
            "syntax error at offset 16 near \"extra\": expected end of statement");
  EXPECT_EQ(parse_error("CREATE TABLE t (a INT UNIQUE)"),
            "syntax error at offset 22 near \"UNIQUE\": unsupported column constraint (supported: "
            "PRIMARY KEY, NOT NULL)");
  EXPECT_EQ(parse_error(""),
            "syntax error at offset 0 at end of input: expected SELECT, INSERT, CREATE or EXPLAIN");
}

}  // namespace
}  // namespace perfwarden::pk_lookup
