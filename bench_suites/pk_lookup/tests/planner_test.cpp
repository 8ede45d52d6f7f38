// The invariant the suite exists for: `WHERE id = ?` on an INTEGER PRIMARY KEY is a rowid seek.
#include "pk_lookup/planner.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>

#include "pk_lookup/database.h"

namespace perfwarden::pk_lookup {
namespace {

constexpr char kSchema[] = "CREATE TABLE t(id INTEGER PRIMARY KEY, k INT, v TEXT)";

std::string explain(Database& db, std::string_view select) {
  const auto rows = db.query("EXPLAIN QUERY PLAN " + std::string(select));
  EXPECT_EQ(rows.size(), 1u);
  return rows.empty() ? "" : rows[0][0].as_text();
}

TEST(Planner, IntegerPrimaryKeyIsARowidSeek) {
  Database db;
  db.execute(kSchema);
  Statement s = db.prepare("SELECT * FROM t WHERE id = ?");
  EXPECT_EQ(s.plan().kind, PlanKind::kRowidSeek);
  EXPECT_EQ(explain(db, "SELECT * FROM t WHERE id = ?"),
            "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)");
  // Plain EXPLAIN reports the same plan line (we have no bytecode to show).
  EXPECT_EQ(db.query("EXPLAIN SELECT v FROM t WHERE ID = 3")[0][0],
            Value("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"));
}

TEST(Planner, PlainIntColumnIsAFullScan) {
  Database db;
  db.execute(kSchema);
  EXPECT_EQ(db.prepare("SELECT * FROM t WHERE k = ?").plan().kind, PlanKind::kFullScan);
  EXPECT_EQ(explain(db, "SELECT * FROM t WHERE k = ?"), "SCAN t");
  EXPECT_EQ(explain(db, "SELECT * FROM t"), "SCAN t");
}

TEST(Planner, IntPrimaryKeyIsNotTheRowid) {
  // SQLite's rule: only the exact type name INTEGER aliases the rowid.
  Database db;
  db.execute("CREATE TABLE u(id INT PRIMARY KEY, v TEXT)");
  EXPECT_EQ(db.prepare("SELECT * FROM u WHERE id = ?").plan().kind, PlanKind::kFullScan);
  EXPECT_FALSE(db.find_table("u")->schema().rowid_alias.has_value());
}

TEST(Planner, SecondaryIndexIsUsedOnceItExists) {
  Database db;
  db.execute(kSchema);
  Statement prepared_before = db.prepare("SELECT id FROM t WHERE k = ?");
  db.execute("CREATE INDEX idx_k ON t(k)");
  EXPECT_EQ(db.prepare("SELECT * FROM t WHERE k = ?").plan().kind, PlanKind::kIndexSeek);
  EXPECT_EQ(explain(db, "SELECT * FROM t WHERE k = ?"), "SEARCH t USING INDEX idx_k (k=?)");
  // A statement prepared before the index re-plans on its next execution.
  prepared_before.step();
  EXPECT_EQ(prepared_before.plan().kind, PlanKind::kIndexSeek);
  // The rowid alias still wins over an index on the same column.
  db.execute("CREATE INDEX idx_id ON t(id)");
  EXPECT_EQ(db.prepare("SELECT * FROM t WHERE id = ?").plan().kind, PlanKind::kRowidSeek);
}

TEST(Planner, SimulatedRegressionScansButStillAnswersCorrectly) {
  Database db;
  db.execute(kSchema);
  db.execute("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
  Statement s = db.prepare("SELECT v FROM t WHERE id = ?");
  db.set_planner_options({.recognise_rowid_alias = false});
  s.bind_int64(1, 2);
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.plan().kind, PlanKind::kFullScan);
  EXPECT_EQ(s.column_text(0), "b");
  EXPECT_FALSE(s.step());
}

TEST(Planner, AliasRuleNeedsExactlyIntegerAndPrimaryKey) {
  ColumnDef column{.name = "id", .declared_type = "INTEGER", .primary_key = true};
  EXPECT_TRUE(aliases_rowid(column));
  column.declared_type = "INT";
  EXPECT_FALSE(aliases_rowid(column));
  column.declared_type = "INTEGER";
  column.primary_key = false;
  EXPECT_FALSE(aliases_rowid(column));
}

// Our EXPLAIN wording is SQLite's: compare against libsqlite3 for each plan kind.
TEST(Planner, ExplainTextMatchesRealSqlite) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> lite(raw, sqlite3_close);
  Database db;
  for (const char* sql : {kSchema, "CREATE INDEX idx_v ON t(v)"}) {
    db.execute(sql);
    ASSERT_EQ(sqlite3_exec(lite.get(), sql, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  for (const char* select : {"SELECT * FROM t WHERE id = ?", "SELECT * FROM t WHERE k = ?",
                             "SELECT * FROM t WHERE v = ?"}) {
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(lite.get(), ("EXPLAIN QUERY PLAN " + std::string(select)).c_str(),
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const std::string expected = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    sqlite3_finalize(stmt);
    EXPECT_EQ(explain(db, select), expected) << select;
  }
}

}  // namespace
}  // namespace perfwarden::pk_lookup
