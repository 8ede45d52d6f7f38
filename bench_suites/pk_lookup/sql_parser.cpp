#include "pk_lookup/sql_parser.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "pk_lookup/sql_lexer.h"

namespace perfwarden::pk_lookup {
namespace {

// Words that cannot name a table or column unless quoted: a bare one is almost always a typo
// such as `SELECT FROM t`, and saying so beats "no such column: FROM".
constexpr std::array kReservedWords = {
    "CREATE", "EXPLAIN", "FROM",    "INDEX", "INSERT", "INTO",  "KEY",    "NOT",
    "NULL",   "ON",      "PRIMARY", "QUERY", "SELECT", "TABLE", "VALUES", "WHERE",
};

// Thrown inside the parser only; parse_sql() turns it into ParseResult::error.
struct ParseFailure {
  std::string message;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  SqlStatement statement() {
    SqlStatement result = statement_body();
    accept_symbol(";");
    if (peek().kind != TokenKind::kEnd) fail("expected end of statement");
    return result;
  }

  int parameter_count() const { return parameters_; }

 private:
  SqlStatement statement_body() {
    if (accept_keyword("EXPLAIN")) {
      ExplainStmt explain;
      if (accept_keyword("QUERY")) {
        expect_keyword("PLAN", "after EXPLAIN QUERY");
        explain.query_plan = true;
      }
      if (!is_keyword(peek(), "SELECT"))
        fail("expected SELECT after EXPLAIN (only queries are explained)");
      explain.select = select();
      return explain;
    }
    if (is_keyword(peek(), "SELECT")) return select();
    if (accept_keyword("CREATE")) {
      if (accept_keyword("TABLE")) return create_table();
      if (accept_keyword("INDEX")) return create_index();
      if (is_keyword(peek(), "UNIQUE")) fail("UNIQUE indexes are not supported");
      fail("expected TABLE or INDEX after CREATE");
    }
    if (accept_keyword("INSERT")) return insert();
    fail("expected SELECT, INSERT, CREATE or EXPLAIN");
  }

  SelectStmt select() {
    expect_keyword("SELECT", "");
    SelectStmt s;
    if (!accept_symbol("*")) {
      s.columns.push_back(name("a column name or '*' after SELECT"));
      while (accept_symbol(",")) s.columns.push_back(name("a column name after ','"));
    }
    expect_keyword("FROM", "after the column list");
    s.table = name("a table name after FROM");
    if (accept_keyword("WHERE")) {
      s.where_column = name("a column name after WHERE");
      if (!accept_symbol("=")) fail("expected '=' (only `WHERE column = value` is supported)");
      s.where_value = expr();
    }
    return s;
  }

  CreateTableStmt create_table() {
    CreateTableStmt s;
    s.schema.name = name("a table name after CREATE TABLE");
    expect_symbol("(", "after the table name");
    do {
      s.schema.columns.push_back(column_def());
    } while (accept_symbol(","));
    expect_symbol(")", "after the column definitions");
    return s;
  }

  ColumnDef column_def() {
    ColumnDef column;
    column.name = name("a column name");
    // The type is every word up to a constraint, as in SQLite ("UNSIGNED BIG INT").
    while (peek().kind == TokenKind::kIdentifier && !peek().quoted && !starts_constraint(peek())) {
      if (!column.declared_type.empty()) column.declared_type += ' ';
      column.declared_type += upper(next().text);
    }
    if (accept_symbol("(")) {  // VARCHAR(20), DECIMAL(10, 2): sizes are not enforced
      signed_number();
      if (accept_symbol(",")) signed_number();
      expect_symbol(")", "after the type size");
    }
    for (;;) {
      if (accept_keyword("PRIMARY")) {
        expect_keyword("KEY", "after PRIMARY");
        column.primary_key = true;
      } else if (accept_keyword("NOT")) {
        expect_keyword("NULL", "after NOT");
        column.not_null = true;
      } else if (accept_keyword("NULL")) {
        // explicitly nullable: the default
      } else {
        break;
      }
    }
    if (peek().kind == TokenKind::kIdentifier) {
      fail("unsupported column constraint (supported: PRIMARY KEY, NOT NULL)");
    }
    return column;
  }

  CreateIndexStmt create_index() {
    CreateIndexStmt s;
    s.index = name("an index name after CREATE INDEX");
    expect_keyword("ON", "after the index name");
    s.table = name("a table name after ON");
    expect_symbol("(", "after the table name");
    s.column = name("a column name");
    if (accept_symbol(",")) fail("multi-column indexes are not supported");
    expect_symbol(")", "after the indexed column");
    return s;
  }

  InsertStmt insert() {
    InsertStmt s;
    expect_keyword("INTO", "after INSERT");
    s.table = name("a table name after INSERT INTO");
    if (accept_symbol("(")) {
      do {
        s.columns.push_back(name("a column name"));
      } while (accept_symbol(","));
      expect_symbol(")", "after the column list");
    }
    expect_keyword("VALUES", "");
    do {
      expect_symbol("(", "before the values");
      std::vector<Expr> row;
      do {
        row.push_back(expr());
      } while (accept_symbol(","));
      expect_symbol(")", "after the values");
      s.rows.push_back(std::move(row));
    } while (accept_symbol(","));
    return s;
  }

  Expr expr() {
    Expr e;
    if (peek().kind == TokenKind::kParameter) {
      next();
      e.parameter = ++parameters_;
    } else if (peek().kind == TokenKind::kString) {
      e.literal = Value(next().text);
    } else if (accept_keyword("NULL")) {
      e.literal = Value();
    } else {
      e.literal = signed_number();
    }
    return e;
  }

  Value signed_number() {
    bool negative = false;
    if (accept_symbol("-")) {
      negative = true;
    } else {
      accept_symbol("+");
    }
    const Token& t = peek();
    if (t.kind != TokenKind::kInteger && t.kind != TokenKind::kReal) fail("expected a value");
    const std::string text = (negative ? "-" : "") + next().text;
    if (t.kind == TokenKind::kInteger) {
      errno = 0;
      const long long i = std::strtoll(text.c_str(), nullptr, 10);
      if (errno == 0) return Value(static_cast<std::int64_t>(i));
      // Out of int64 range: SQLite reads the literal as REAL.
    }
    return Value(std::strtod(text.c_str(), nullptr));
  }

  std::string name(const char* expected) {
    const Token& t = peek();
    if (t.kind != TokenKind::kIdentifier || (!t.quoted && is_reserved(t.text))) {
      fail(std::string("expected ") + expected);
    }
    return next().text;
  }

  static bool starts_constraint(const Token& t) {
    for (const char* word : {"PRIMARY", "NOT", "NULL", "UNIQUE", "DEFAULT", "CHECK", "REFERENCES",
                             "CONSTRAINT", "COLLATE", "GENERATED", "AS"}) {
      if (is_keyword(t, word)) return true;
    }
    return false;
  }
  static bool is_reserved(std::string_view word) {
    for (const char* reserved : kReservedWords) {
      if (iequals(word, reserved)) return true;
    }
    return false;
  }
  static bool is_keyword(const Token& t, std::string_view keyword) {
    return t.kind == TokenKind::kIdentifier && !t.quoted && iequals(t.text, keyword);
  }

  bool accept_keyword(std::string_view keyword) {
    if (!is_keyword(peek(), keyword)) return false;
    ++position_;
    return true;
  }
  void expect_keyword(std::string_view keyword, std::string_view where) {
    if (!accept_keyword(keyword)) {
      fail("expected " + std::string(keyword) + (where.empty() ? "" : " ") + std::string(where));
    }
  }
  bool accept_symbol(std::string_view symbol) {
    if (peek().kind != TokenKind::kSymbol || peek().text != symbol) return false;
    ++position_;
    return true;
  }
  void expect_symbol(std::string_view symbol, std::string_view where) {
    if (!accept_symbol(symbol))
      fail("expected '" + std::string(symbol) + "' " + std::string(where));
  }

  const Token& peek() const { return tokens_[position_]; }
  const Token& next() { return tokens_[position_++]; }

  [[noreturn]] void fail(const std::string& what) const {
    const Token& t = peek();
    const std::string near = t.kind == TokenKind::kEnd      ? "at end of input"
                             : t.kind == TokenKind::kString ? "near '" + t.text + "'"
                                                            : "near \"" + t.text + "\"";
    throw ParseFailure{"syntax error at offset " + std::to_string(t.offset) + " " + near + ": " +
                       what};
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int parameters_ = 0;
};

}  // namespace

ParseResult parse_sql(std::string_view sql) {
  ParseResult result;
  LexResult lexed = tokenize(sql);
  if (!lexed.error.empty()) {
    result.error = "syntax error: " + lexed.error;
    return result;
  }
  Parser parser(std::move(lexed.tokens));
  try {
    result.statement = parser.statement();
    result.parameter_count = parser.parameter_count();
  } catch (const ParseFailure& failure) {
    result.error = failure.message;
  }
  return result;
}

}  // namespace perfwarden::pk_lookup
