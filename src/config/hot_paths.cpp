#include "config/hot_paths.h"

#include "config/glob.h"

namespace perfwarden::config {

const HotPathRule* HotPaths::rule_for(std::string_view path) const {
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
    for (const auto& glob : rule->paths) {
      if (path_glob_matches(glob, path)) return &*rule;
    }
  }
  return nullptr;
}

bool covers_benchmark(const HotPathRule& rule, std::string_view suite, std::string_view name) {
  if (!rule.benchmarks) return false;
  return rule.benchmarks->matches(name) ||
         rule.benchmarks->matches(std::string(suite) + "/" + std::string(name));
}

HotPaths parse_hot_paths(const JsonFields& fields, const Json& value, const Owners& owners) {
  constexpr std::string_view kExample =
      R"([{"paths": ["src/db/**"], "benchmarks": "BM_Pk.*", "owners": ["ada@example.com"]}])";
  fields.require_array(value, "hot_paths", kExample);
  HotPaths hot_paths;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string field = JsonFields::item("hot_paths", i);
    const auto& entry = fields.require_object(value[i], field);
    fields.reject_unknown_keys(entry, field, {"paths", "benchmarks", "owners"});
    HotPathRule rule;

    if (!entry.contains("paths"))
      fields.fail(field + ".paths", "missing", "e.g. \"paths\": [\"src/db/**\"]");
    const auto& paths =
        fields.require_array(entry["paths"], field + ".paths", R"(["src/db/**", "*.h"])");
    if (paths.empty())
      fields.fail(field + ".paths", "is empty", "list at least one glob, e.g. \"src/db/**\"");
    for (std::size_t j = 0; j < paths.size(); ++j) {
      const std::string path_field = JsonFields::item(field + ".paths", j);
      std::string glob = fields.require_string(paths[j], path_field);
      if (auto problem = path_glob_problem(glob); !problem.empty()) {
        fields.fail(path_field, "glob '" + glob + "' " + std::string(problem),
                    "use repository paths with '*', '**' and '?', e.g. \"src/db/**\" or \"*.h\"");
      }
      rule.paths.push_back(std::move(glob));
    }

    if (entry.contains("benchmarks")) {
      rule.benchmarks = require_pattern(fields, entry["benchmarks"], field + ".benchmarks");
    }

    if (!entry.contains("owners")) {
      fields.fail(field + ".owners", "missing",
                  "name the accountable people by email or handle, e.g. [\"ada@example.com\"]");
    }
    const auto& names =
        fields.require_array(entry["owners"], field + ".owners", R"(["ada@example.com"])");
    for (std::size_t j = 0; j < names.size(); ++j) {
      const std::string owner_field = JsonFields::item(field + ".owners", j);
      std::string name = fields.require_string(names[j], owner_field);
      const Person* person = owners.find_by_email(name);
      if (person == nullptr) person = owners.find_by_handle(name);
      if (person == nullptr) {
        fields.fail(
            owner_field, "unknown owner '" + name + "'",
            "list the person in \"owners\" first, or use the email or handle of one listed there");
      }
      rule.owners.push_back(person->email);
    }
    if (rule.owners.empty() && rule.benchmarks) {
      fields.fail(field + ".owners", "is empty but the rule maps benchmarks",
                  "name at least one owner; an empty list only takes paths out of earlier rules");
    }
    hot_paths.rules.push_back(std::move(rule));
  }
  return hot_paths;
}

}  // namespace perfwarden::config
