#pragma once

// Splits SQL text into tokens. Keywords are not distinguished from identifiers here: the parser
// matches them case-insensitively, so the lexer stays a plain character scanner.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::pk_lookup {

enum class TokenKind { kIdentifier, kInteger, kReal, kString, kParameter, kSymbol, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;        // identifier name (unquoted), literal's value text, or the symbol
  std::size_t offset = 0;  // byte offset in the SQL, for error messages
  bool quoted = false;     // "name" or `name`: never a keyword
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with a kEnd token on success
  std::string error;          // empty on success
};

LexResult tokenize(std::string_view sql);

}  // namespace perfwarden::pk_lookup
