#pragma once

// A person as git records them: used when writing commits (RepoWriter) and when reading them
// (commit authors, committers, and "Name <email>" trailers).

#include <string>

namespace perfwarden::git {

struct Identity {
  std::string name;
  std::string email;

  friend bool operator==(const Identity&, const Identity&) = default;
};

}  // namespace perfwarden::git
