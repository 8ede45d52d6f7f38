#pragma once

// The one exception the engine throws from its public API (Database, Statement): bad SQL, unknown
// names, constraint violations, misuse such as binding parameter 3 of 2. Lower layers (lexer,
// parser, table) return their error as a string and Database/Statement turn it into this.

#include <stdexcept>

namespace perfwarden::pk_lookup {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace perfwarden::pk_lookup
