#pragma once

// "hot_paths": CODEOWNERS-like rules naming which files are performance-critical, which
// benchmarks cover them and which listed owners are accountable for them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_fields.h"
#include "config/owners.h"

namespace perfwarden::config {

struct HotPathRule {
  std::vector<std::string> paths;           // globs (config/glob.h)
  std::optional<util::Pattern> benchmarks;  // over benchmark names; absent: maps none
  std::vector<std::string> owners;  // emails of Owners::people; empty: "not a hot path" (unowns)
};

struct HotPaths {
  std::vector<HotPathRule> rules;  // in file order

  // The rule deciding `path`: the LAST rule with a glob matching it (as in CODEOWNERS), or
  // nullptr. A rule without owners decides too: it takes the path out of an earlier rule.
  const HotPathRule* rule_for(std::string_view path) const;
};

// Whether `rule.benchmarks` matches the whole of `name` or of "suite/name".
bool covers_benchmark(const HotPathRule& rule, std::string_view suite, std::string_view name);

// "hot_paths": [ { "paths": ["src/db/**", "*.h"], "benchmarks": "BM_Pk.*",
//                  "owners": ["ada@example.com", "grace"] } ]
// Owners are given by email or handle and must be listed in `owners` (they are stored as
// emails). Throws the usual "file: field 'hot_paths[0].owners[1]': ..." usage errors.
HotPaths parse_hot_paths(const JsonFields& fields, const Json& value, const Owners& owners);

}  // namespace perfwarden::config
