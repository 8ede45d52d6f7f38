#include "report/json_reader.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "report/json_renderer.h"
#include "util/error.h"

namespace perfwarden::report {
namespace {

using json = nlohmann::json;

// Every lookup carries the field's path ("benchmarks[3].ci") so that an error names it.
class Fields {
 public:
  explicit Fields(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw usage_error(source_ + ": " + path + " " + problem,
                      "pass the JSON reports written by `perfwarden compare --json` (schema " +
                          std::string(kReportSchema) + ") of this perfwarden version");
  }

  const json& member(const json& object, const std::string& path, const char* key) const {
    if (!object.is_object()) fail(path, "must be an object");
    auto found = object.find(key);
    if (found == object.end()) fail(join(path, key), "is missing");
    return *found;
  }

  const json& object(const json& parent, const std::string& path, const char* key) const {
    const json& value = member(parent, path, key);
    if (!value.is_object()) fail(join(path, key), "must be an object");
    return value;
  }

  const json& array(const json& parent, const std::string& path, const char* key) const {
    const json& value = member(parent, path, key);
    if (!value.is_array()) fail(join(path, key), "must be an array");
    return value;
  }

  std::string string(const json& parent, const std::string& path, const char* key) const {
    const json& value = member(parent, path, key);
    if (!value.is_string()) fail(join(path, key), "must be a string");
    return value.get<std::string>();
  }

  // null is how render_json writes NaN (a benchmark that produced no test).
  double number(const json& value, const std::string& path) const {
    if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!value.is_number()) fail(path, "must be a number");
    return value.get<double>();
  }
  double number(const json& parent, const std::string& path, const char* key) const {
    return number(member(parent, path, key), join(path, key));
  }

  long long integer(const json& parent, const std::string& path, const char* key) const {
    const json& value = member(parent, path, key);
    if (!value.is_number_integer()) fail(join(path, key), "must be an integer");
    return value.get<long long>();
  }

  bool boolean(const json& parent, const std::string& path, const char* key) const {
    const json& value = member(parent, path, key);
    if (!value.is_boolean()) fail(join(path, key), "must be true or false");
    return value.get<bool>();
  }

  std::vector<std::string> strings(const json& parent, const std::string& path,
                                   const char* key) const {
    std::vector<std::string> result;
    const json& values = array(parent, path, key);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i].is_string()) fail(index(join(path, key), i), "must be a string");
      result.push_back(values[i].get<std::string>());
    }
    return result;
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
    return path.empty() ? std::string(key) : path + "." + key;
  }
  static std::string index(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

 private:
  std::string source_;
};

policy::Verdict read_verdict(const Fields& f, const json& b, const std::string& path) {
  std::string text = f.string(b, path, "verdict");
  for (auto v :
       {policy::Verdict::kRegression, policy::Verdict::kImprovement, policy::Verdict::kSame,
        policy::Verdict::kInconclusive, policy::Verdict::kNew, policy::Verdict::kGone}) {
    if (policy::to_string(v) == text) return v;
  }
  f.fail(Fields::join(path, "verdict"),
         "must be regression, improvement, same, inconclusive, new or gone (not '" +
             text.substr(0, 40) + "')");
}

RevisionSummary read_revision(const Fields& f, const json& root, const char* key) {
  const json& r = f.object(root, "", key);
  std::string path = key;
  return {f.string(r, path, "spec"),          f.string(r, path, "commit"),
          f.string(r, path, "tree"),          f.string(r, path, "summary"),
          f.boolean(r, path, "build_reused"), f.number(r, path, "build_seconds")};
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
  r.rounds = static_cast<int>(f.integer(b, path, "rounds"));
  r.paired_cv = f.number(b, path, "paired_cv");
  const json& c = f.member(b, path, "confirmation");
  if (!c.is_null()) {
    std::string here = Fields::join(path, "confirmation");
    ConfirmationResult confirmation;
    confirmation.rounds = static_cast<int>(f.integer(c, here, "rounds"));
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
  return r;
}

}  // namespace

Report read_json_report(std::string_view text, const std::string& source) {
  Fields f(source);
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    throw usage_error(
        source + " is not valid JSON",
        "pass the file written by `perfwarden compare --json FILE` (was the run interrupted?)");
  }
  if (!root.is_object()) f.fail("the document", "must be a JSON object");
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

  const json& s = f.object(root, "", "settings");
  for (const auto& look : f.numbers(s, "settings", "looks"))
    report.settings.looks.push_back(static_cast<int>(look));
  report.settings.rounds_run = static_cast<int>(f.integer(s, "settings", "rounds_run"));
  report.settings.confirmation_rounds =
      static_cast<int>(f.integer(s, "settings", "confirmation_rounds"));
  report.settings.confirmation_rounds_planned =
      static_cast<int>(f.integer(s, "settings", "confirmation_rounds_planned"));
  report.settings.metrics = f.strings(s, "settings", "metrics");
  report.settings.warmup_rounds = static_cast<int>(f.integer(s, "settings", "warmup_rounds"));
  const json& seed = f.member(s, "settings", "seed");
  if (!seed.is_number_unsigned() && !seed.is_number_integer())
    f.fail("settings.seed", "must be an integer");
  report.settings.seed = seed.get<std::uint64_t>();
  report.settings.alpha = f.number(s, "settings", "alpha");
  report.settings.min_time_seconds = f.number(s, "settings", "min_time_seconds");

  const json& t = f.object(root, "", "timing");
  report.timing = {f.number(t, "timing", "total_seconds"), f.number(t, "timing", "build_seconds"),
                   f.number(t, "timing", "measure_seconds"),
                   f.number(t, "timing", "inside_benchmarks_seconds")};

  const json& shard = f.member(root, "", "shard");
  if (!shard.is_null()) {
    Shard value{static_cast<int>(f.integer(shard, "shard", "index")),
                static_cast<int>(f.integer(shard, "shard", "count"))};
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
