#include "config/owners.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "git/identity.h"

namespace perfwarden::config {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const Person* Owners::find_by_email(std::string_view email) const {
  for (const auto& person : people) {
    if (equal_ignoring_case(person.email, email)) return &person;
  }
  return nullptr;
}

const Person* Owners::find_by_handle(std::string_view handle) const {
  for (const auto& person : people) {
    if (!person.handle.empty() && equal_ignoring_case(person.handle, handle)) return &person;
  }
  return nullptr;
}

std::vector<const Person*> Owners::maintainers() const {
  std::vector<const Person*> result;
  for (const auto& person : people) {
    if (person.maintainer) result.push_back(&person);
  }
  return result;
}

Owners parse_owners(const JsonFields& fields, const Json& value) {
  fields.require_array(
      value, "owners",
      R"([{"name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true}])");
  Owners owners;
  std::set<std::string> emails;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string field = JsonFields::item("owners", i);
    const auto& entry = fields.require_object(value[i], field);
    fields.reject_unknown_keys(entry, field, {"name", "email", "handle", "maintainer"});
    Person person;
    if (!entry.contains("name")) fields.fail(field + ".name", "missing", "give the person's name");
    if (!entry.contains("email"))
      fields.fail(field + ".email", "missing", "give the email their commits use");
    person.name = fields.require_string(entry["name"], field + ".name");
    person.email = fields.require_string(entry["email"], field + ".email");
    if (!git::parse_identity(person.name + " <" + person.email + ">")) {
      fields.fail(field,
                  "'" + person.name + " <" + person.email + ">' is not a valid name and email",
                  "a plain name and an address like ada@example.com");
    }
    if (entry.contains("handle"))
      person.handle = fields.require_string(entry["handle"], field + ".handle");
    if (entry.contains("maintainer"))
      person.maintainer = fields.require_bool(entry["maintainer"], field + ".maintainer");
    std::string key = person.email;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (!emails.insert(key).second)
      fields.fail(field + ".email", "listed twice: " + person.email, "merge the entries");
    owners.people.push_back(std::move(person));
  }
  return owners;
}

}  // namespace perfwarden::config
