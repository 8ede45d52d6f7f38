#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_fields.h"

namespace perfwarden::config {

// A person accountable for hot paths. Maintainers may also refresh baselines and approve changes
// to the gate's own policy (perfwarden.json, baselines/).
struct Person {
  std::string name;
  std::string email;   // the identity: compared case-insensitively
  std::string handle;  // optional, e.g. a GitHub login
  bool maintainer = false;
};

struct Owners {
  std::vector<Person> people;

  const Person* find_by_email(std::string_view email) const;
  const Person* find_by_handle(std::string_view handle) const;
  std::vector<const Person*> maintainers() const;
};

// "owners": [ { "name": "Ada Lovelace", "email": "ada@example.com", "handle": "ada",
//               "maintainer": true } ]
Owners parse_owners(const JsonFields& fields, const Json& value);

}  // namespace perfwarden::config
