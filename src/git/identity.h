#pragma once

// A person as git records them: used when writing commits (RepoWriter) and when reading them
// (commit authors, committers, and "Name <email>" trailers).

#include <optional>
#include <string>
#include <string_view>

namespace perfwarden::git {

struct Identity {
  std::string name;
  std::string email;

  friend bool operator==(const Identity&, const Identity&) = default;
};

// Parses "Name <email>" (as in Co-authored-by: and Owner: trailers and --owner). Whitespace around
// the parts is trimmed; the email must contain '@' and neither part may contain '<', '>' or control
// characters. nullopt when the text is not of that form.
std::optional<Identity> parse_identity(std::string_view text);

// "Name <email>".
std::string format_identity(const Identity& identity);

}  // namespace perfwarden::git
