#include "config/gate_config.h"

#include <algorithm>
#include <set>

#include "config/config_fields.h"
#include "config/placeholders.h"
#include "util/error.h"

namespace perfwarden::config {
namespace {

using json = Json;
using Context = JsonFields;

// A config is written by hand: a megabyte is far beyond any real one.
constexpr util::JsonLimits kConfigLimits{
    .max_bytes = 1u << 20, .max_depth = 32, .max_values = 100'000, .allow_comments = true};

bool is_safe_relative_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.size() > 512) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    auto part = path.substr(start, end - start);
    if (part == ".." || part.empty()) return false;
    start = end + 1;
  }
  return path.find('\0') == std::string::npos;
}

bool is_plain_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      return false;
    }
  }
  return true;
}

BuildRecipe parse_build(const Context& context, const json& value) {
  context.require_object(value, "build");
  context.reject_unknown_keys(
      value, "build", {"steps", "configure", "build", "debug_line_tables", "compiler_cache"});
  BuildRecipe recipe = default_build_recipe();
  if (value.contains("steps")) {
    if (value.contains("configure") || value.contains("build")) {
      context.fail("build.steps", "given together with \"configure\"/\"build\"",
                   "keep one form: \"steps\" lists every command, configure and build included");
    }
    const json& steps = value["steps"];
    if (!steps.is_array() || steps.empty()) {
      context.fail(
          "build.steps", "expected a non-empty array of commands",
          R"(e.g. "steps": [["cmake", "-S", "{src}", "-B", "{build}"], ["cmake", "--build", "{build}"]])");
    }
    recipe.steps.clear();
    for (std::size_t i = 0; i < steps.size(); ++i) {
      recipe.steps.push_back(require_argv(context, steps[i], Context::item("build.steps", i)));
    }
  } else {
    // The two-step form: either may be given alone, the other keeps its default.
    if (value.contains("configure"))
      recipe.steps[0] = require_argv(context, value["configure"], "build.configure");
    if (value.contains("build"))
      recipe.steps[1] = require_argv(context, value["build"], "build.build");
  }
  if (value.contains("debug_line_tables")) {
    recipe.line_tables =
        context.require_bool(value["debug_line_tables"], "build.debug_line_tables");
  }
  if (value.contains("compiler_cache")) {
    recipe.compiler_cache = context.require_bool(value["compiler_cache"], "build.compiler_cache");
  }
  return recipe;
}

// The flags perfwarden passes itself: a suite's args giving them would be overridden (or, for
// the list, break every run).
constexpr std::string_view kGateFlags[] = {"--benchmark_out", "--benchmark_min_time",
                                           "--benchmark_repetitions", "--benchmark_filter",
                                           "--benchmark_list_tests"};

std::vector<std::string> parse_suite_args(const Context& context, const json& value,
                                          const std::string& field) {
  auto args = require_argv(context, value, field, ArgvKind::kArguments);
  for (std::size_t i = 0; i < args.size(); ++i) {
    for (auto flag : kGateFlags) {
      if (args[i].rfind(flag, 0) == 0) {
        context.fail(Context::item(field, i), "'" + std::string(flag) + "' is set by perfwarden",
                     std::string(flag) == "--benchmark_filter"
                         ? "give the suite's \"filter\" instead"
                         : "remove it: perfwarden sets it the same for base and head");
      }
    }
  }
  return args;
}

bool is_environment_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || std::isdigit(static_cast<unsigned char>(name[0])))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::vector<std::pair<std::string, std::string>> parse_suite_env(const Context& context,
                                                                 const json& value,
                                                                 const std::string& field) {
  context.require_object(value, field);
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& [name, setting] : value.items()) {
    std::string member = Context::join(field, name);
    if (!is_environment_name(name)) {
      context.fail(member, "'" + name.substr(0, 64) + "' is not an environment variable name",
                   "use letters, digits and '_', not starting with a digit, e.g. \"SRCDIR\"");
    }
    env.emplace_back(name, require_placeholder_text(context, setting, member));
  }
  return env;
}

std::string parse_working_directory(const Context& context, const json& value,
                                    const std::string& field) {
  std::string directory = require_placeholder_text(context, value, field);
  for (std::string_view root : {"{src}", "{build}"}) {
    if (directory.rfind(root, 0) != 0) continue;
    std::string rest = directory.substr(root.size());
    if (rest.empty() || (rest.front() == '/' && is_safe_relative_path(rest.substr(1)))) {
      return directory;
    }
  }
  context.fail(field, "'" + directory.substr(0, 200) + "' is not inside {src} or {build}",
               "start it with {src} or {build}, no '..' components, e.g. \"{src}/testdata\"");
}

std::vector<Suite> parse_suites(const Context& context, const json& value) {
  if (!value.is_array() || value.empty()) {
    context.fail("suites", "expected a non-empty array of suites",
                 R"(e.g. "suites": [{"name": "core", "binary": "bench_core"}])");
  }
  std::vector<Suite> suites;
  std::set<std::string> names;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string field = "suites[" + std::to_string(i) + "]";
    const json& entry = context.require_object(value[i], field);
    context.reject_unknown_keys(
        entry, field, {"name", "binary", "filter", "time", "args", "env", "working_directory"});
    Suite suite;
    if (!entry.contains("name"))
      context.fail(field + ".name", "missing", "name the suite, e.g. \"core\"");
    suite.name = context.require_string(entry["name"], field + ".name");
    if (!is_plain_name(suite.name)) {
      context.fail(field + ".name", "'" + suite.name + "' is not a plain name",
                   "use letters, digits, '_', '-', '.' (at most 64)");
    }
    if (!names.insert(suite.name).second) {
      context.fail(field + ".name", "duplicate suite name '" + suite.name + "'", "rename one");
    }
    if (!entry.contains("binary")) {
      context.fail(field + ".binary", "missing",
                   "give the benchmark executable's path inside the build directory");
    }
    suite.binary = context.require_string(entry["binary"], field + ".binary");
    if (!is_safe_relative_path(suite.binary)) {
      context.fail(field + ".binary",
                   "'" + suite.binary + "' must be a relative path inside the build directory",
                   "no leading '/', no '..' components, e.g. \"bench/bench_core\"");
    }
    if (entry.contains("filter")) {
      // Google Benchmark compiles the filter itself (POSIX extended syntax); RE2 accepts the
      // same patterns, and checking here names the field instead of failing every run.
      suite.filter = require_pattern(context, entry["filter"], field + ".filter").expression();
    }
    if (entry.contains("time")) {
      auto time = context.require_string(entry["time"], field + ".time");
      if (time == "real_time") {
        suite.time_field = TimeField::kRealTime;
      } else if (time == "cpu_time") {
        suite.time_field = TimeField::kCpuTime;
      } else {
        context.fail(field + ".time", "unknown value '" + time + "'",
                     "use \"real_time\" or \"cpu_time\"");
      }
    }
    if (entry.contains("args"))
      suite.args = parse_suite_args(context, entry["args"], field + ".args");
    if (entry.contains("env")) suite.env = parse_suite_env(context, entry["env"], field + ".env");
    if (entry.contains("working_directory")) {
      suite.working_directory = parse_working_directory(context, entry["working_directory"],
                                                        field + ".working_directory");
    }
    suites.push_back(std::move(suite));
  }
  return suites;
}

double parse_threshold_value(const Context& context, const json& value, const std::string& field) {
  double threshold = context.require_number(value, field);
  if (!(threshold > 0.0 && threshold < 10.0)) {
    context.fail(field, "threshold " + std::to_string(threshold) + " is out of range",
                 "give a relative change above 0, e.g. 0.05 for 5%");
  }
  return threshold;
}

InstructionThresholds parse_instruction_thresholds(const Context& context, const json& value) {
  context.require_object(value, "thresholds.instructions");
  context.reject_unknown_keys(value, "thresholds.instructions", {"report", "fail"});
  InstructionThresholds thresholds;
  if (value.contains("report")) {
    thresholds.report =
        parse_threshold_value(context, value["report"], "thresholds.instructions.report");
  }
  if (value.contains("fail")) {
    thresholds.fail = parse_threshold_value(context, value["fail"], "thresholds.instructions.fail");
  }
  if (thresholds.report > thresholds.fail) {
    context.fail("thresholds.instructions.report", "is above the fail threshold",
                 "report changes at or below the size that fails, e.g. report 0.002, fail 0.01");
  }
  return thresholds;
}

Thresholds parse_thresholds(const Context& context, const json& value) {
  context.require_object(value, "thresholds");
  context.reject_unknown_keys(value, "thresholds", {"default", "per_benchmark", "instructions"});
  Thresholds thresholds;
  if (value.contains("default")) {
    thresholds.default_threshold =
        parse_threshold_value(context, value["default"], "thresholds.default");
  }
  if (value.contains("per_benchmark")) {
    const json& rules = context.require_object(value["per_benchmark"], "thresholds.per_benchmark");
    for (const auto& [pattern, threshold] : rules.items()) {
      std::string field = "thresholds.per_benchmark." + pattern;
      thresholds.per_benchmark.push_back({require_pattern(context, pattern, field),
                                          parse_threshold_value(context, threshold, field)});
    }
  }
  return thresholds;
}

int parse_round_count(const Context& context, const json& value, const std::string& field,
                      int minimum) {
  return static_cast<int>(context.require_integer(value, field, minimum, 1000));
}

MeasureSettings parse_measure(const Context& context, const json& value) {
  context.require_object(value, "measure");
  context.reject_unknown_keys(value, "measure",
                              {"rounds", "looks", "confirmation_rounds", "min_time",
                               "timeout_seconds", "budget_seconds", "deterministic"});
  MeasureSettings settings;
  if (value.contains("rounds") && value.contains("looks")) {
    context.fail(
        "measure.rounds", "given together with measure.looks",
        "use \"rounds\": N for a fixed count or \"looks\": [10, 15, 20] for sequential looks");
  }
  if (value.contains("rounds"))
    settings.looks = {parse_round_count(context, value["rounds"], "measure.rounds", 2)};
  if (value.contains("looks")) {
    const json& looks = value["looks"];
    if (!looks.is_array() || looks.empty()) {
      context.fail("measure.looks", "expected a non-empty array of increasing round counts",
                   "e.g. [10, 15, 20]");
    }
    settings.looks.clear();
    for (std::size_t i = 0; i < looks.size(); ++i) {
      int rounds =
          parse_round_count(context, looks[i], "measure.looks[" + std::to_string(i) + "]", 2);
      if (!settings.looks.empty() && rounds <= settings.looks.back()) {
        context.fail("measure.looks[" + std::to_string(i) + "]", "looks must increase",
                     "e.g. [10, 15, 20]");
      }
      settings.looks.push_back(rounds);
    }
  }
  if (value.contains("confirmation_rounds")) {
    settings.confirmation_rounds =
        parse_round_count(context, value["confirmation_rounds"], "measure.confirmation_rounds", 0);
  }
  if (value.contains("budget_seconds")) {
    double budget = context.require_number(value["budget_seconds"], "measure.budget_seconds");
    if (!(budget >= 1 && budget <= 86400)) {
      context.fail("measure.budget_seconds", "expected seconds from 1 to 86400", "e.g. 300");
    }
    settings.budget = std::chrono::seconds(static_cast<long long>(budget));
  }
  if (value.contains("min_time")) {
    settings.min_time_seconds = context.require_number(value["min_time"], "measure.min_time");
    if (!(settings.min_time_seconds > 0 && settings.min_time_seconds <= 60)) {
      context.fail("measure.min_time", "expected seconds in (0, 60]", "e.g. 0.05");
    }
  }
  if (value.contains("deterministic")) {
    auto mode = context.require_string(value["deterministic"], "measure.deterministic");
    if (mode != "auto" && mode != "off") {
      context.fail("measure.deterministic", "unknown value '" + mode + "'",
                   "use \"auto\" (callgrind evidence where time did not settle) or \"off\"");
    }
    settings.deterministic = mode == "auto";
  }
  if (value.contains("timeout_seconds")) {
    double timeout = context.require_number(value["timeout_seconds"], "measure.timeout_seconds");
    if (!(timeout >= 1 && timeout <= 86400)) {
      context.fail("measure.timeout_seconds", "expected seconds from 1 to 86400", "e.g. 300");
    }
    settings.timeout = std::chrono::seconds(static_cast<long long>(timeout));
  }
  return settings;
}

}  // namespace

BuildRecipe default_build_recipe() {
  return {.steps = {{"cmake", "-S", "{src}", "-B", "{build}", "-DCMAKE_BUILD_TYPE=Release"},
                    {"cmake", "--build", "{build}"}}};  // parallel: CMAKE_BUILD_PARALLEL_LEVEL
}

double Thresholds::for_benchmark(std::string_view benchmark_name) const {
  for (const auto& rule : per_benchmark) {
    if (rule.pattern.matches(benchmark_name)) return rule.threshold;
  }
  return default_threshold;
}

bool GateConfig::is_advisory(std::string_view benchmark_name) const {
  return std::any_of(advisory.begin(), advisory.end(),
                     [&](const util::Pattern& pattern) { return pattern.matches(benchmark_name); });
}

namespace {

GateConfig parse_root(const Context& context, const json& root, std::string_view origin) {
  if (!root.is_object()) context.fail("(root)", "expected an object", "start the file with {");
  context.reject_unknown_keys(root, "",
                              {"build", "suites", "thresholds", "measure", "advisory", "owners",
                               "hot_paths", "ai_identities", "allow_gone_benchmarks", "placement"});

  GateConfig config;
  config.origin = origin;
  config.build =
      root.contains("build") ? parse_build(context, root["build"]) : default_build_recipe();
  if (!root.contains("suites")) {
    context.fail(
        "suites", "missing",
        R"(register your benchmarks: "suites": [{"name": "core", "binary": "bench_core"}])");
  }
  config.suites = parse_suites(context, root["suites"]);
  if (root.contains("thresholds")) {
    config.thresholds = parse_thresholds(context, root["thresholds"]);
    if (root["thresholds"].contains("instructions")) {
      config.instructions =
          parse_instruction_thresholds(context, root["thresholds"]["instructions"]);
    }
  }
  if (root.contains("advisory")) {
    const json& advisory = root["advisory"];
    if (!advisory.is_array()) {
      context.fail("advisory", "expected an array of benchmark-name regexes",
                   R"(e.g. ["BM_Noisy.*"])");
    }
    for (std::size_t i = 0; i < advisory.size(); ++i) {
      std::string field = "advisory[" + std::to_string(i) + "]";
      config.advisory.push_back(require_pattern(context, advisory[i], field));
    }
  }
  if (root.contains("measure")) config.measure = parse_measure(context, root["measure"]);
  if (root.contains("placement")) {
    auto mode = context.require_string(root["placement"], "placement");
    if (mode != "advisory" && mode != "fail") {
      context.fail("placement", "unknown value '" + mode + "'",
                   "use \"advisory\" (shown, never failing) or \"fail\"");
    }
    config.placement_fails = mode == "fail";
  }
  if (root.contains("allow_gone_benchmarks")) {
    config.allow_gone_benchmarks =
        context.require_bool(root["allow_gone_benchmarks"], "allow_gone_benchmarks");
  }
  if (root.contains("owners")) config.owners = parse_owners(context, root["owners"]);
  if (root.contains("ai_identities"))
    config.ai_identities = parse_ai_identities(context, root["ai_identities"]);
  if (root.contains("hot_paths"))
    config.hot_paths = parse_hot_paths(context, root["hot_paths"], config.owners);
  // An accountable owner is a human: an owner who looks like an assistant or a bot is a mistake.
  for (std::size_t i = 0; i < config.owners.people.size(); ++i) {
    const Person& person = config.owners.people[i];
    if (auto pattern = config.ai_identities.match(person.name, person.email); !pattern.empty()) {
      context.fail(JsonFields::item("owners", i),
                   "'" + person.name + " <" + person.email + "> matches the AI or bot identity '" +
                       pattern + "'",
                   "list the accountable humans only (or adjust \"ai_identities\")");
    }
  }
  return config;
}

}  // namespace

GateConfig parse_gate_config(std::string_view text, std::string_view origin) {
  try {
    return util::read_json_document(
        text, kConfigLimits, [&](const json& root) { return parse_root(Context(), root, origin); });
  } catch (const util::JsonProblem& problem) {
    throw usage_error(std::string(origin) + ": " + problem.describe(),
                      problem.fix().empty()
                          ? "fix the syntax (comments are allowed, trailing commas are not)"
                          : problem.fix());
  }
}

std::string_view gated_time_metric(const Suite& suite, std::string_view benchmark) {
  if (suite.time_field == TimeField::kRealTime) return "real_time";
  for (std::size_t start = 0; start <= benchmark.size();) {
    const std::size_t slash = std::min(benchmark.find('/', start), benchmark.size());
    const std::string_view part = benchmark.substr(start, slash - start);
    if (start > 0 && (part == "real_time" || part == "manual_time")) return "real_time";
    start = slash + 1;
  }
  return "cpu_time";
}

}  // namespace perfwarden::config
