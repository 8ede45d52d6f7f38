#include "bench/benchmark_output.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "util/json_fields.h"
#include "util/utf8.h"

namespace perfwarden::bench {
namespace {

// Google Benchmark reports times in the benchmark's chosen unit.
bool nanoseconds_per_unit(const std::string& unit, double& factor) {
  if (unit == "ns")
    factor = 1.0;
  else if (unit == "us")
    factor = 1e3;
  else if (unit == "ms")
    factor = 1e6;
  else if (unit == "s")
    factor = 1e9;
  else
    return false;
  return true;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

namespace {

constexpr std::size_t kMaxOutputBytes = 64u << 20;

// Google Benchmark's own fields; every other numeric field of a row is a user counter.
const std::set<std::string>& known_fields() {
  static const std::set<std::string> kKnown = {"name",
                                               "family_index",
                                               "per_family_instance_index",
                                               "run_name",
                                               "run_type",
                                               "repetitions",
                                               "repetition_index",
                                               "threads",
                                               "iterations",
                                               "real_time",
                                               "cpu_time",
                                               "time_unit",
                                               "aggregate_name",
                                               "aggregate_unit",
                                               "error_occurred",
                                               "error_message",
                                               "skipped",
                                               "skip_message",
                                               "label"};
  return kKnown;
}

// An optional member of the row: absent gives nullptr.
const util::Json* optional_member(const util::Json& row, std::string_view key) {
  auto found = row.find(key);
  return found == row.end() ? nullptr : &*found;
}

ParsedOutput read_output(const util::JsonFields& f, const util::Json& root) {
  f.require_object(root, "(root)");
  const util::Json& benchmarks = f.member(root, "", "benchmarks");
  if (!benchmarks.is_array()) {
    f.fail("benchmarks", "is not an array (is this a Google Benchmark binary?)");
  }
  ParsedOutput out;
  std::map<std::string, std::vector<std::size_t>> rows_by_name;  // indices into out.rows
  std::vector<std::string> order;
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const std::string field = util::JsonFields::item("benchmarks", i);
    const util::Json& row = f.require_object(benchmarks[i], field);
    std::string name = f.string_member(row, field, "name");
    if (!is_acceptable_benchmark_name(name)) {
      f.fail(field + ".name", "a benchmark name is empty, longer than " +
                                  std::to_string(kMaxBenchmarkNameLength) +
                                  " characters or contains control characters");
    }
    // Problems in the rest of the row name the benchmark too.
    try {
      auto text = [&](std::string_view key, std::string fallback) {
        const util::Json* value = optional_member(row, key);
        return value ? f.require_string(*value, util::JsonFields::join(field, key)) : fallback;
      };
      if (text("run_type", "iteration") == "aggregate") continue;
      const util::Json* error = optional_member(row, "error_occurred");
      if (error && f.require_bool(*error, field + ".error_occurred")) {
        out.errors.push_back(name + ": " + text("error_message", "error"));
        continue;
      }
      // Google Benchmark 1.8+ marks a SkipWithMessage run with "skipped" and "skip_message" (and
      // zero times); either is taken as the mark.
      const util::Json* skipped = optional_member(row, "skipped");
      const bool skips = (skipped && f.require_bool(*skipped, field + ".skipped")) ||
                         optional_member(row, "skip_message") != nullptr;
      if (skips) {
        Measurement m;
        m.name = name;
        // The pull request's text, shown in reasons: escaped by every renderer, and kept short.
        m.skip_message = text("skip_message", "skipped").substr(0, 500);
        if (m.skip_message.empty()) m.skip_message = "skipped";
        out.rows.push_back(std::move(m));
        continue;
      }
      double factor = 1.0;
      std::string unit = text("time_unit", "ns");
      if (!nanoseconds_per_unit(unit, factor)) {
        f.fail(field + ".time_unit", "unknown unit '" + unit.substr(0, 20) + "'");
      }
      Measurement m;
      m.name = name;
      for (auto [key, target] :
           {std::pair{"real_time", &m.real_time_ns}, {"cpu_time", &m.cpu_time_ns}}) {
        const std::string here = util::JsonFields::join(field, key);
        double value = f.require_number(f.member(row, field, key), here);
        if (!(value >= 0)) f.fail(here, "is negative");
        *target = value * factor;
        if (!std::isfinite(*target)) f.fail(here, "is out of range");
      }
      if (const util::Json* iterations = optional_member(row, "iterations")) {
        m.iterations = f.require_number(*iterations, field + ".iterations");
        if (!(m.iterations >= 0)) f.fail(field + ".iterations", "is negative");
      }
      if (const util::Json* threads = optional_member(row, "threads")) {
        m.threads = static_cast<int>(f.require_integer(*threads, field + ".threads", 1, 1 << 20));
      }
      for (const auto& [key, value] : row.items()) {
        if (!known_fields().count(key) && value.is_number()) m.counters[key] = value.get<double>();
      }
      if (!rows_by_name.count(name)) order.push_back(name);
      rows_by_name[name].push_back(out.rows.size());
      out.rows.push_back(std::move(m));
    } catch (const util::JsonProblem& p) {
      throw util::JsonProblem(p.path(), "benchmark '" + name + "': " + p.problem(), p.fix());
    }
  }

  for (const auto& row : out.rows) {
    if (!row.skip_message.empty() && !rows_by_name.count(row.name)) {
      out.skipped.emplace(row.name, row.skip_message);
    }
  }
  for (const auto& name : order) {
    const auto& indices = rows_by_name[name];
    Measurement merged = out.rows[indices.front()];
    if (indices.size() > 1) {
      auto median_field = [&](double Measurement::*field) {
        std::vector<double> values;
        for (std::size_t index : indices) values.push_back(out.rows[index].*field);
        return median_of(std::move(values));
      };
      merged.real_time_ns = median_field(&Measurement::real_time_ns);
      merged.cpu_time_ns = median_field(&Measurement::cpu_time_ns);
    }
    out.measurements.push_back(std::move(merged));
  }
  return out;
}

}  // namespace

bool is_acceptable_benchmark_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxBenchmarkNameLength) return false;
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }) &&
         util::is_valid_utf8(name);
}

bool parse_benchmark_json(std::string_view text, ParsedOutput& out, std::string& problem) {
  if (text.empty()) {
    problem = "no output";
    return false;
  }
  try {
    out = util::read_json_document(
        text, util::JsonLimits{.max_bytes = kMaxOutputBytes},
        [](const util::Json& root) { return read_output(util::JsonFields(), root); });
    return true;
  } catch (const util::JsonProblem& p) {
    problem = p.describe();
    return false;
  }
}

}  // namespace perfwarden::bench
