#include "pk_lookup/sql_lexer.h"

#include <cctype>

namespace perfwarden::pk_lookup {
namespace {

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

LexResult tokenize(std::string_view sql) {
  LexResult result;
  std::size_t i = 0;
  auto fail = [&](std::size_t at, const std::string& what) {
    result.tokens.clear();
    result.error = what + " at offset " + std::to_string(at);
    return result;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // comment to end of line
      while (i < sql.size() && sql[i] != '\n') ++i;
      continue;
    }
    Token token;
    token.offset = i;
    if (is_identifier_start(c)) {
      const std::size_t start = i;
      while (i < sql.size() && is_identifier_char(sql[i])) ++i;
      token.kind = TokenKind::kIdentifier;
      token.text = std::string(sql.substr(start, i - start));
    } else if (c == '"' || c == '`' || c == '\'') {
      // Doubling the quote escapes it, in identifiers and strings alike.
      const char quote = c;
      std::string text;
      ++i;
      for (;;) {
        if (i >= sql.size()) {
          return fail(token.offset, quote == '\'' ? "unterminated string literal"
                                                  : "unterminated quoted identifier");
        }
        if (sql[i] == quote) {
          if (i + 1 < sql.size() && sql[i + 1] == quote) {
            text += quote;
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        text += sql[i++];
      }
      token.kind = quote == '\'' ? TokenKind::kString : TokenKind::kIdentifier;
      token.quoted = quote != '\'';
      token.text = std::move(text);
    } else if (is_digit(c) || (c == '.' && i + 1 < sql.size() && is_digit(sql[i + 1]))) {
      const std::size_t start = i;
      bool real = false;
      while (i < sql.size() && is_digit(sql[i])) ++i;
      if (i < sql.size() && sql[i] == '.') {
        real = true;
        ++i;
        while (i < sql.size() && is_digit(sql[i])) ++i;
      }
      if (i < sql.size() && (sql[i] == 'e' || sql[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < sql.size() && (sql[j] == '+' || sql[j] == '-')) ++j;
        if (j >= sql.size() || !is_digit(sql[j])) return fail(start, "malformed number");
        real = true;
        i = j;
        while (i < sql.size() && is_digit(sql[i])) ++i;
      }
      if (i < sql.size() && is_identifier_char(sql[i])) return fail(start, "malformed number");
      token.kind = real ? TokenKind::kReal : TokenKind::kInteger;
      token.text = std::string(sql.substr(start, i - start));
    } else if (c == '?') {
      ++i;
      if (i < sql.size() && is_digit(sql[i])) {
        return fail(token.offset, "numbered parameters (?NNN) are not supported; use plain ?");
      }
      token.kind = TokenKind::kParameter;
      token.text = "?";
    } else if (c == '(' || c == ')' || c == ',' || c == '*' || c == '=' || c == ';' || c == '-' ||
               c == '+') {
      ++i;
      token.kind = TokenKind::kSymbol;
      token.text = std::string(1, c);
    } else {
      return fail(i, std::string("unexpected character '") + c + "'");
    }
    result.tokens.push_back(std::move(token));
  }
  Token end;
  end.offset = sql.size();
  result.tokens.push_back(end);
  return result;
}

}  // namespace perfwarden::pk_lookup
