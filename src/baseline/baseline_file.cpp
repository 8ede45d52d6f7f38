#include "baseline/baseline_file.h"

#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/json_fields.h"

namespace perfwarden::baseline {
namespace {

using json = nlohmann::json;  // std::map underneath: keys come out sorted, diffs stay stable

json environment_json(const bench::EnvironmentFingerprint& e) {
  return {{"arch", e.arch},
          {"cpu_model", e.cpu_model},
          {"isa_level", e.isa_level},
          {"isa_flags", e.isa_flags},
          {"kernel", e.kernel},
          {"compiler", e.compiler},
          {"compiler_class", e.compiler_class},
          {"perfwarden_version", e.perfwarden_version}};
}

constexpr std::string_view kRegenerate =
    "regenerate it with `perfwarden baseline update` (a maintainer), or restore it from version "
    "control";

BaselineFile read_baseline(const util::JsonFields& f, const util::Json& root,
                           std::string_view origin) {
  f.require_object(root, "(root)");
  BaselineFile baseline;
  baseline.schema =
      static_cast<int>(f.require_integer(f.member(root, "", "schema"), "schema", 1, 1'000'000));
  if (baseline.schema != kSchemaVersion) {
    throw usage_error(std::string(origin) + ": unknown baseline schema version " +
                          std::to_string(baseline.schema) + " (this perfwarden reads version " +
                          std::to_string(kSchemaVersion) + ")",
                      "use the perfwarden version that wrote it, or regenerate the baseline with "
                      "`perfwarden baseline update`");
  }
  baseline.suite = f.string_member(root, "", "suite");
  baseline.machine_class = f.string_member(root, "", "machine_class");

  const util::Json& p = f.require_object(f.member(root, "", "provenance"), "provenance");
  baseline.provenance.commit = f.string_member(p, "provenance", "commit");
  baseline.provenance.tree = f.string_member(p, "provenance", "tree");
  baseline.provenance.owner = f.string_member(p, "provenance", "owner");
  baseline.provenance.created_at = f.string_member(p, "provenance", "created_at");
  baseline.provenance.perfwarden_version = f.string_member(p, "provenance", "perfwarden_version");
  baseline.provenance.rounds = static_cast<int>(
      f.require_integer(f.member(p, "provenance", "rounds"), "provenance.rounds", 0, 1'000'000));
  const std::string where = "provenance.environment";
  const util::Json& e = f.require_object(f.member(p, "provenance", "environment"), where);
  auto& env = baseline.provenance.environment;
  env.arch = f.string_member(e, where, "arch");
  env.cpu_model = f.string_member(e, where, "cpu_model");
  env.isa_level = f.string_member(e, where, "isa_level");
  env.kernel = f.string_member(e, where, "kernel");
  env.compiler = f.string_member(e, where, "compiler");
  env.compiler_class = f.string_member(e, where, "compiler_class");
  env.perfwarden_version = f.string_member(e, where, "perfwarden_version");
  env.isa_flags = f.require_strings(f.member(e, where, "isa_flags"), where + ".isa_flags");

  const util::Json& benchmarks = f.require_object(f.member(root, "", "benchmarks"), "benchmarks");
  for (const auto& [name, metrics] : benchmarks.items()) {
    const std::string field = "benchmarks." + name;
    if (!metrics.is_object() || metrics.empty()) f.fail(field, "expected an object of metrics");
    MetricValues parsed;
    for (const auto& [metric, values] : metrics.items()) {
      const std::string here = field + "." + metric;
      if (metric != "real_time" && metric != "cpu_time" && metric != "instructions") {
        f.fail(here, "unknown metric '" + metric + "'");
      }
      if (!values.is_array() || values.empty()) f.fail(here, "expected a non-empty array");
      for (std::size_t i = 0; i < values.size(); ++i) {
        const util::Json& v = values[i];
        if (!v.is_number() || !(v.get<double>() > 0)) {
          f.fail(util::JsonFields::item(here, i), "values must be positive numbers");
        }
        parsed[metric].push_back(v.get<double>());
      }
    }
    baseline.benchmarks[name] = std::move(parsed);
  }
  return baseline;
}

}  // namespace

std::string baseline_path(std::string_view suite, std::string_view machine_class) {
  return std::string(kBaselineDirectory) + "/" + std::string(suite) + "." +
         std::string(machine_class) + ".json";
}

std::string serialize_baseline(const BaselineFile& baseline) {
  json benchmarks = json::object();
  for (const auto& [name, metrics] : baseline.benchmarks) {
    json entry = json::object();
    for (const auto& [metric, values] : metrics) entry[metric] = values;
    benchmarks[name] = entry;
  }
  const Provenance& p = baseline.provenance;
  json root = {{"schema", baseline.schema},
               {"suite", baseline.suite},
               {"machine_class", baseline.machine_class},
               {"provenance",
                {{"commit", p.commit},
                 {"tree", p.tree},
                 {"owner", p.owner},
                 {"created_at", p.created_at},
                 {"perfwarden_version", p.perfwarden_version},
                 {"rounds", p.rounds},
                 {"environment", environment_json(p.environment)}}},
               {"benchmarks", benchmarks}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

BaselineFile parse_baseline(std::string_view text, std::string_view origin) {
  const util::JsonFields fields{std::string(kRegenerate)};
  try {
    return util::read_json_document(text, util::JsonLimits{}, [&](const util::Json& root) {
      return read_baseline(fields, root, origin);
    });
  } catch (const util::JsonProblem& problem) {
    throw usage_error(std::string(origin) + ": " + problem.describe(),
                      problem.fix().empty() ? std::string(kRegenerate) : problem.fix());
  }
}

}  // namespace perfwarden::baseline
