#include "pk_lookup/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace perfwarden::pk_lookup {
namespace {

using Rows = std::vector<std::vector<Value>>;

std::string error_of(Database& db, std::string_view sql) {
  try {
    db.execute(sql);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Database, InsertAssignsRowidsLikeSqlite) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  db.execute("INSERT INTO t VALUES (10, 'ten')");
  db.execute("INSERT INTO t (v) VALUES ('next')");     // max + 1
  db.execute("INSERT INTO t VALUES (NULL, 'after')");  // NULL alias: also max + 1
  db.execute("INSERT INTO t VALUES ('5', 'five')");    // INTEGER affinity: '5' -> 5
  EXPECT_EQ(db.query("SELECT id, v FROM t WHERE id = 11"), (Rows{{11, "next"}}));
  EXPECT_EQ(db.query("SELECT * FROM t WHERE id = ?", {12}), (Rows{{12, "after"}}));
  EXPECT_EQ(db.query("SELECT v FROM t WHERE id = ?", {Value("5")}), (Rows{{"five"}}));
  EXPECT_EQ(db.query("SELECT v FROM t WHERE id = ?", {5.0}), (Rows{{"five"}}));
  EXPECT_EQ(db.query("SELECT v FROM t WHERE id = ?", {5.5}), Rows{});
  EXPECT_EQ(db.query("SELECT v FROM t WHERE id = ?", {Value()}), Rows{});
  EXPECT_EQ(db.query("SELECT id FROM t").size(), 4u);
}

TEST(Database, PreparedInsertsInRandomOrderBuildAValidTree) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INT, v TEXT)");
  std::vector<std::int64_t> ids(20000);
  std::iota(ids.begin(), ids.end(), 1);
  std::shuffle(ids.begin(), ids.end(), std::mt19937_64(3));
  Statement insert = db.prepare("INSERT INTO t VALUES (?, ?, ?)");
  for (std::int64_t id : ids) {
    insert.reset();
    insert.bind_int64(1, id);
    insert.bind_int64(2, id * 2);
    insert.bind_text(3, "row " + std::to_string(id));
    EXPECT_FALSE(insert.step());
  }
  const BPlusTree& tree = db.find_table("t")->rows();
  EXPECT_EQ(tree.check_invariants(), "");
  EXPECT_EQ(tree.size(), ids.size());
  Statement select = db.prepare("SELECT v, k FROM t WHERE id = ?");
  for (std::int64_t id : {std::int64_t{1}, std::int64_t{777}, std::int64_t{20000}}) {
    select.reset();
    select.bind_int64(1, id);
    ASSERT_TRUE(select.step());
    EXPECT_EQ(select.column_text(0), "row " + std::to_string(id));
    EXPECT_EQ(select.column_int64(1), id * 2);
    EXPECT_FALSE(select.step());
  }
}

TEST(Database, BulkLoadAndInsertAgree) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INT)");
  Table* t = db.find_table("t");
  ASSERT_EQ(t->bulk_load_sorted(1000,
                                [](std::size_t i, std::vector<Value>& row) {
                                  row[0] = Value(static_cast<std::int64_t>(i) * 2 + 2);
                                  row[1] = Value(static_cast<std::int64_t>(i));
                                }),
            "");
  db.execute("INSERT INTO t VALUES (3, -1)");   // between bulk-loaded keys
  db.execute("INSERT INTO t (k) VALUES (-2)");  // after the largest: 2001
  EXPECT_EQ(t->rows().check_invariants(), "");
  EXPECT_EQ(db.query("SELECT k FROM t WHERE id = 3"), (Rows{{-1}}));
  EXPECT_EQ(db.query("SELECT id FROM t WHERE k = -2"), (Rows{{2001}}));
  EXPECT_EQ(db.query("SELECT k FROM t WHERE id = 2000"), (Rows{{999}}));
  EXPECT_NE(t->bulk_load_sorted(1, [](std::size_t, std::vector<Value>&) {}), "");
}

TEST(Database, ConstraintViolationsAreReported) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  db.execute("INSERT INTO t VALUES (1, 'a')");
  EXPECT_EQ(error_of(db, "INSERT INTO t VALUES (1, 'b')"), "UNIQUE constraint failed: t.id");
  EXPECT_EQ(error_of(db, "INSERT INTO t VALUES (2, NULL)"), "NOT NULL constraint failed: t.name");
  EXPECT_EQ(error_of(db, "INSERT INTO t VALUES ('x', 'b')"), "datatype mismatch");
  EXPECT_EQ(error_of(db, "INSERT INTO t VALUES (3)"),
            "table t has 2 columns but 1 values were supplied");
  EXPECT_EQ(error_of(db, "INSERT INTO t (id, name) VALUES (3)"), "1 values for 2 columns");
}

TEST(Database, NameErrorsAreReported) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT)");
  EXPECT_EQ(error_of(db, "SELECT * FROM missing"), "no such table: missing");
  EXPECT_EQ(error_of(db, "SELECT b FROM t"), "no such column: b");
  EXPECT_EQ(error_of(db, "SELECT * FROM t WHERE b = 1"), "no such column: b");
  EXPECT_EQ(error_of(db, "INSERT INTO t (b) VALUES (1)"), "table t has no column named b");
  EXPECT_EQ(error_of(db, "CREATE TABLE T(x)"), "table T already exists");
  EXPECT_EQ(error_of(db, "CREATE TABLE u(x, X)"), "duplicate column name: X");
  EXPECT_EQ(error_of(db, "CREATE INDEX i ON t(nope)"), "no such column: nope");
  db.execute("CREATE INDEX i ON t(a)");
  EXPECT_EQ(error_of(db, "CREATE INDEX i ON t(id)"), "index i already exists");
  EXPECT_EQ(error_of(db, "SELECT * FROM"),
            "syntax error at offset 13 at end of input: expected a table name after FROM");
}

TEST(Database, BindOutOfRangeIsAnError) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
  Statement s = db.prepare("SELECT * FROM t WHERE id = ?");
  EXPECT_THROW(s.bind_int64(0, 1), Error);
  try {
    s.bind_int64(2, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "bind index 2 out of range: the statement has 1 parameter(s), numbered from 1");
  }
}

TEST(Database, StatementsAreReusableAfterReset) {
  Database db;
  db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, k INT)");
  db.execute("INSERT INTO t VALUES (1, 7), (2, 7), (3, 8)");
  Statement s = db.prepare("SELECT id FROM t WHERE k = ?");
  s.bind_int64(1, 7);
  std::vector<std::int64_t> ids;
  while (s.step()) ids.push_back(s.column_int64(0));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_FALSE(s.step());  // stays done until reset
  s.reset();               // bindings survive a reset, as in SQLite
  ids.clear();
  while (s.step()) ids.push_back(s.column_int64(0));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2}));
}

}  // namespace
}  // namespace perfwarden::pk_lookup
