#include "baseline/baseline_file.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "util/error.h"

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

class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw usage_error(origin_ + ": " + where + ": " + problem,
                      "regenerate it with `perfwarden baseline update` (a maintainer), or restore "
                      "it from version control");
  }
  const json& field(const json& object, const std::string& key, const std::string& where) const {
    if (!object.is_object() || !object.contains(key)) fail(where, "missing field '" + key + "'");
    return object.at(key);
  }
  std::string string(const json& object, const std::string& key, const std::string& where) const {
    const json& value = field(object, key, where);
    if (!value.is_string()) fail(where + "." + key, "expected a string");
    return value.get<std::string>();
  }

 private:
  std::string origin_;
};

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
  Reader reader(origin);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    reader.fail("not valid JSON (truncated or corrupted?)", e.what());
  }
  if (!root.is_object()) reader.fail("(root)", "expected an object");
  const json& schema = reader.field(root, "schema", "(root)");
  if (!schema.is_number_integer()) reader.fail("schema", "expected an integer");
  BaselineFile baseline;
  baseline.schema = schema.get<int>();
  if (baseline.schema != kSchemaVersion) {
    throw usage_error(std::string(origin) + ": unknown baseline schema version " +
                          std::to_string(baseline.schema) + " (this perfwarden reads version " +
                          std::to_string(kSchemaVersion) + ")",
                      "use the perfwarden version that wrote it, or regenerate the baseline with "
                      "`perfwarden baseline update`");
  }
  baseline.suite = reader.string(root, "suite", "(root)");
  baseline.machine_class = reader.string(root, "machine_class", "(root)");

  const json& p = reader.field(root, "provenance", "(root)");
  baseline.provenance.commit = reader.string(p, "commit", "provenance");
  baseline.provenance.tree = reader.string(p, "tree", "provenance");
  baseline.provenance.owner = reader.string(p, "owner", "provenance");
  baseline.provenance.created_at = reader.string(p, "created_at", "provenance");
  baseline.provenance.perfwarden_version = reader.string(p, "perfwarden_version", "provenance");
  const json& rounds = reader.field(p, "rounds", "provenance");
  if (!rounds.is_number_integer()) reader.fail("provenance.rounds", "expected an integer");
  baseline.provenance.rounds = rounds.get<int>();
  const json& e = reader.field(p, "environment", "provenance");
  auto& env = baseline.provenance.environment;
  env.arch = reader.string(e, "arch", "provenance.environment");
  env.cpu_model = reader.string(e, "cpu_model", "provenance.environment");
  env.isa_level = reader.string(e, "isa_level", "provenance.environment");
  env.kernel = reader.string(e, "kernel", "provenance.environment");
  env.compiler = reader.string(e, "compiler", "provenance.environment");
  env.compiler_class = reader.string(e, "compiler_class", "provenance.environment");
  env.perfwarden_version = reader.string(e, "perfwarden_version", "provenance.environment");
  const json& flags = reader.field(e, "isa_flags", "provenance.environment");
  if (!flags.is_array()) reader.fail("provenance.environment.isa_flags", "expected an array");
  for (const auto& flag : flags) {
    if (!flag.is_string()) reader.fail("provenance.environment.isa_flags", "expected strings");
    env.isa_flags.push_back(flag.get<std::string>());
  }

  const json& benchmarks = reader.field(root, "benchmarks", "(root)");
  if (!benchmarks.is_object()) reader.fail("benchmarks", "expected an object");
  for (const auto& [name, metrics] : benchmarks.items()) {
    std::string where = "benchmark '" + name + "'";
    if (!metrics.is_object() || metrics.empty())
      reader.fail(where, "expected an object of metrics");
    MetricValues parsed;
    for (const auto& [metric, values] : metrics.items()) {
      if (metric != "real_time" && metric != "cpu_time" && metric != "instructions") {
        reader.fail(where, "unknown metric '" + metric + "'");
      }
      if (!values.is_array() || values.empty())
        reader.fail(where + " " + metric, "expected a non-empty array");
      for (const auto& v : values) {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0) {
          reader.fail(where + " " + metric, "values must be positive numbers");
        }
        parsed[metric].push_back(v.get<double>());
      }
    }
    baseline.benchmarks[name] = std::move(parsed);
  }
  return baseline;
}

}  // namespace perfwarden::baseline
