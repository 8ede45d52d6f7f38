#include "report/json_reader.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "report/json_renderer.h"
#include "util/error.h"
#include "util/json_fields.h"

namespace perfwarden::report {
namespace {

using json = util::Json;

// Lookups by key carrying the field's path ("benchmarks[3].ci"), over util::JsonFields, plus the
// report's own conventions: null is how render_json writes NaN.
class Fields {
 public:
  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    fields_.fail(path, problem);
  }
  const json& member(const json& object, const std::string& path, const char* key) const {
    return fields_.member(object, path, key);
  }
  const json& object(const json& parent, const std::string& path, const char* key) const {
    return fields_.require_object(member(parent, path, key), join(path, key));
  }
  const json& array(const json& parent, const std::string& path, const char* key) const {
    return fields_.require_array(member(parent, path, key), join(path, key));
  }
  std::string string(const json& parent, const std::string& path, const char* key) const {
    return fields_.string_member(parent, path, key);
  }
  double number(const json& value, const std::string& path) const {
    if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    return fields_.require_number(value, path);
  }
  double number(const json& parent, const std::string& path, const char* key) const {
    return number(member(parent, path, key), join(path, key));
  }
  int integer(const json& value, const std::string& path) const {
    return static_cast<int>(fields_.require_integer(value, path, std::numeric_limits<int>::min(),
                                                    std::numeric_limits<int>::max()));
  }
  int integer(const json& parent, const std::string& path, const char* key) const {
    return integer(member(parent, path, key), join(path, key));
  }
  bool boolean(const json& parent, const std::string& path, const char* key) const {
    return fields_.require_bool(member(parent, path, key), join(path, key));
  }
  std::vector<std::string> strings(const json& parent, const std::string& path,
                                   const char* key) const {
    return fields_.require_strings(member(parent, path, key), join(path, key));
  }
  std::vector<double> numbers(const json& parent, const std::string& path, const char* key) const {
    std::vector<double> result;
    const json& values = array(parent, path, key);
    for (std::size_t i = 0; i < values.size(); ++i)
      result.push_back(number(values[i], index(join(path, key), i)));
    return result;
  }
  std::pair<double, double> interval(const json& parent, const std::string& path,
                                     const char* key) const {
    const json& value = member(parent, path, key);
    std::string here = join(path, key);
    if (!value.is_array() || value.size() != 2) fail(here, "must be an array of two numbers");
    return {number(value[0], here), number(value[1], here)};
  }

  static std::string join(const std::string& path, const char* key) {
    return util::JsonFields::join(path, key);
  }
  static std::string index(const std::string& path, std::size_t i) {
    return util::JsonFields::item(path, i);
  }

 private:
  util::JsonFields fields_{"pass the JSON reports written by `perfwarden compare --json` (schema " +
                           std::string(kReportSchema) + ") of this perfwarden version"};
};

policy::Verdict read_verdict(const Fields& f, const json& b, const std::string& path,
                             const char* key = "verdict") {
  std::string text = f.string(b, path, key);
  for (auto v : {policy::Verdict::kRegression, policy::Verdict::kImprovement,
                 policy::Verdict::kSame, policy::Verdict::kInconclusive, policy::Verdict::kNew,
                 policy::Verdict::kGone, policy::Verdict::kPlacement}) {
    if (policy::to_string(v) == text) return v;
  }
  f.fail(Fields::join(path, key),
         "must be regression, improvement, same, inconclusive, new, gone or placement (not '" +
             text.substr(0, 40) + "')");
}

RevisionSummary read_revision(const Fields& f, const json& root, const char* key) {
  const json& r = f.object(root, "", key);
  std::string path = key;
  return {f.string(r, path, "spec"),
          f.string(r, path, "commit"),
          f.string(r, path, "tree"),
          f.string(r, path, "summary"),
          f.boolean(r, path, "build_reused"),
          f.number(r, path, "build_seconds"),
          f.boolean(r, path, "build_compiler_cache"),
          f.integer(r, path, "build_objects_from_cache"),
          f.integer(r, path, "build_objects_compiled")};
}

BenchmarkResult read_benchmark(const Fields& f, const json& b, const std::string& path) {
  BenchmarkResult r;
  r.suite = f.string(b, path, "suite");
  r.name = f.string(b, path, "name");
  r.metric = f.string(b, path, "metric");
  r.verdict = read_verdict(f, b, path);
  r.advisory = f.boolean(b, path, "advisory");
  r.ratio = f.number(b, path, "ratio");
  std::tie(r.ci_low, r.ci_high) = f.interval(b, path, "ci");
  r.confidence = f.number(b, path, "confidence");
  r.p_value = f.number(b, path, "p_value");
  r.p_adjusted = f.number(b, path, "p_adjusted");
  r.threshold = f.number(b, path, "threshold");
  r.rounds = f.integer(b, path, "rounds");
  r.paired_cv = f.number(b, path, "paired_cv");
  const json& c = f.member(b, path, "confirmation");
  if (!c.is_null()) {
    std::string here = Fields::join(path, "confirmation");
    ConfirmationResult confirmation;
    confirmation.rounds = f.integer(c, here, "rounds");
    confirmation.ratio = f.number(c, here, "ratio");
    std::tie(confirmation.ci_low, confirmation.ci_high) = f.interval(c, here, "ci");
    confirmation.p_adjusted = f.number(c, here, "p_adjusted");
    confirmation.confirmed = f.boolean(c, here, "confirmed");
    r.confirmation = confirmation;
  }
  const json& base = f.object(b, path, "base");
  r.base_median = f.number(base, Fields::join(path, "base"), "median");
  r.base_values = f.numbers(base, Fields::join(path, "base"), "values");
  const json& head = f.object(b, path, "head");
  r.head_median = f.number(head, Fields::join(path, "head"), "median");
  r.head_values = f.numbers(head, Fields::join(path, "head"), "values");
  r.reason = f.string(b, path, "reason");
  std::string tier = f.string(b, path, "tier");
  if (tier != "change" && tier != "drift")
    f.fail(Fields::join(path, "tier"), "must be change or drift");
  r.tier = tier == "change" ? Tier::kChange : Tier::kDrift;
  const json& w = f.member(b, path, "waiver");
  if (!w.is_null()) {
    std::string here = Fields::join(path, "waiver");
    r.waiver = Waiver{f.string(w, here, "pattern"), f.string(w, here, "reason"),
                      f.string(w, here, "owner"), f.string(w, here, "commit")};
  }
  r.hot_path_files = f.strings(b, path, "hot_path_files");
  if (b.contains("waivable_by"))  // optional: reports written before it lack it
    r.waivable_by = f.strings(b, path, "waivable_by");
  auto evidence = b.find("evidence");
  if (evidence != b.end() && !evidence->is_null()) {
    const std::string here = Fields::join(path, "evidence");
    policy::DeterministicEvidence e;
    std::tie(e.base_instructions, e.head_instructions) =
        f.interval(*evidence, here, "instructions");
    std::tie(e.base_cycles, e.head_cycles) = f.interval(*evidence, here, "estimated_cycles");
    e.steady_state = f.boolean(*evidence, here, "steady_state");
    e.repeatable = f.boolean(*evidence, here, "repeatable");
    if (evidence->contains("timer_paused"))  // optional: reports written before it lack it
      e.timer_paused = f.boolean(*evidence, here, "timer_paused");
    e.fail_threshold = f.number(*evidence, here, "fail_threshold");
    e.report_threshold = f.number(*evidence, here, "report_threshold");
    e.executed_files_known = f.boolean(*evidence, here, "executed_files_known");
    e.changed_files_executed = f.strings(*evidence, here, "changed_files_executed");
    e.placement_blocker = f.string(*evidence, here, "placement_blocker");
    e.placement_fails = f.boolean(*evidence, here, "placement_fails");
    e.time_verdict = read_verdict(f, *evidence, here, "time_verdict");
    const json& where = f.array(*evidence, here, "where");
    for (std::size_t i = 0; i < where.size(); ++i) {
      const std::string at = Fields::index(Fields::join(here, "where"), i);
      e.where.push_back({f.string(where[i], at, "function"), f.string(where[i], at, "location"),
                         f.number(where[i], at, "base"), f.number(where[i], at, "head")});
    }
    r.evidence = std::move(e);
  }
  return r;
}

}  // namespace

namespace {

Report read_report(const Fields& f, const json& root, const std::string& source) {
  if (!root.is_object()) f.fail("(root)", "must be a JSON object");
  auto schema = root.find("schema");
  if (schema == root.end() || !schema->is_string() || schema->get<std::string>() != kReportSchema) {
    std::string found = schema == root.end()  ? "none"
                        : schema->is_string() ? "'" + schema->get<std::string>().substr(0, 60) + "'"
                                              : "not a string";
    throw usage_error(
        source + ": not a perfwarden report: schema is " + found + ", expected '" + kReportSchema +
            "'",
        "pass the JSON reports written by `perfwarden compare --json` (a newer or older "
        "perfwarden may write another schema: use the same version for every shard and the merge)");
  }

  Report report;
  report.tool_version = f.string(root, "", "tool_version");
  report.repository = f.string(root, "", "repository");
  report.base = read_revision(f, root, "base");
  report.head = read_revision(f, root, "head");
  report.notices = f.strings(root, "", "notices");

  const json& s = f.object(root, "", "settings");
  const json& looks = f.array(s, "settings", "looks");
  for (std::size_t i = 0; i < looks.size(); ++i)
    report.settings.looks.push_back(f.integer(looks[i], Fields::index("settings.looks", i)));
  report.settings.rounds_run = f.integer(s, "settings", "rounds_run");
  report.settings.confirmation_rounds = f.integer(s, "settings", "confirmation_rounds");
  report.settings.confirmation_rounds_planned =
      f.integer(s, "settings", "confirmation_rounds_planned");
  report.settings.metrics = f.strings(s, "settings", "metrics");
  report.settings.warmup_rounds = f.integer(s, "settings", "warmup_rounds");
  const json& seed = f.member(s, "settings", "seed");
  if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
    f.fail("settings.seed", "must be a non-negative integer");
  report.settings.seed = seed.get<std::uint64_t>();
  report.settings.alpha = f.number(s, "settings", "alpha");
  report.settings.min_time_seconds = f.number(s, "settings", "min_time_seconds");

  const json& t = f.object(root, "", "timing");
  report.timing = {f.number(t, "timing", "total_seconds"), f.number(t, "timing", "build_seconds"),
                   f.number(t, "timing", "measure_seconds"),
                   f.number(t, "timing", "inside_benchmarks_seconds"),
                   f.number(t, "timing", "deterministic_seconds")};

  const json& shard = f.member(root, "", "shard");
  if (!shard.is_null()) {
    Shard value{f.integer(shard, "shard", "index"), f.integer(shard, "shard", "count")};
    if (value.count < 1 || value.index < 1 || value.index > value.count)
      f.fail("shard", "must have 1 <= index <= count");
    report.shard = value;
  }

  const json& failures = f.array(root, "", "failures");
  for (std::size_t i = 0; i < failures.size(); ++i) {
    std::string path = Fields::index("failures", i);
    report.failures.push_back(
        {f.string(failures[i], path, "title"), f.string(failures[i], path, "detail")});
  }
  const json& findings = f.array(root, "", "findings");
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::string path = Fields::index("findings", i);
    const json& x = findings[i];
    report.findings.push_back({f.string(x, path, "rule"), f.string(x, path, "commit"),
                               f.strings(x, path, "paths"), f.string(x, path, "message"),
                               f.string(x, path, "fix")});
  }
  report.warnings = f.strings(root, "", "warnings");
  const json& benchmarks = f.array(root, "", "benchmarks");
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    report.benchmarks.push_back(read_benchmark(f, benchmarks[i], Fields::index("benchmarks", i)));
  }
  return report;
}

}  // namespace

Report read_json_report(std::string_view text, const std::string& source) {
  try {
    return util::read_json_document(
        text, util::JsonLimits{.max_bytes = 256u << 20},
        [&](const json& root) { return read_report(Fields(), root, source); });
  } catch (const util::JsonProblem& problem) {
    throw usage_error(source + ": " + problem.describe(),
                      problem.fix().empty() ? "pass the file written by `perfwarden compare --json "
                                              "FILE` (was the run interrupted?)"
                                            : problem.fix());
  }
}

Report read_json_report_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw usage_error(
        "cannot read the report " + path.string(),
        "check the path: a shard that failed (exit 2 or 3) writes no report; rerun it");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return read_json_report(text.str(), path.string());
}

}  // namespace perfwarden::report
