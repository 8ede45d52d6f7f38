#include "bench/benchmark_output.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

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

bool is_acceptable_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxBenchmarkNameLength) return false;
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

bool parse_benchmark_json(std::string_view text, ParsedOutput& out, std::string& problem) {
  using nlohmann::json;
  if (text.empty()) {
    problem = "no output";
    return false;
  }
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    problem = std::string("output is not valid JSON (") + e.what() + ")";
    return false;
  }
  if (!root.is_object()) {
    problem = "output is not a JSON object";
    return false;
  }
  if (!root.contains("benchmarks") || !root["benchmarks"].is_array()) {
    problem = "JSON has no \"benchmarks\" array (is this a Google Benchmark binary?)";
    return false;
  }

  // Rows of one name, in order of first appearance.
  std::vector<std::string> order;
  std::map<std::string, std::vector<Measurement>> rows;
  for (const auto& row : root["benchmarks"]) {
    if (!row.is_object() || !row.contains("name") || !row["name"].is_string()) {
      problem = "a benchmark entry has no name";
      return false;
    }
    std::string name = row["name"].get<std::string>();
    if (!is_acceptable_name(name)) {
      problem = "a benchmark name is empty, longer than " +
                std::to_string(kMaxBenchmarkNameLength) +
                " characters or contains control characters";
      return false;
    }
    if (row.value("run_type", "iteration") == "aggregate") continue;
    if (row.value("error_occurred", false)) {
      out.errors.push_back(name + ": " + row.value("error_message", std::string("error")));
      continue;
    }
    double factor = 1.0;
    if (!row.contains("real_time") || !row["real_time"].is_number() || !row.contains("cpu_time") ||
        !row["cpu_time"].is_number() ||
        !nanoseconds_per_unit(row.value("time_unit", std::string("ns")), factor)) {
      problem = "benchmark '" + name + "' has no usable real_time/cpu_time/time_unit";
      return false;
    }
    Measurement m;
    m.name = name;
    m.real_time_ns = row["real_time"].get<double>() * factor;
    m.cpu_time_ns = row["cpu_time"].get<double>() * factor;
    m.iterations = row.value("iterations", 0.0);
    static const std::set<std::string> kKnownFields = {"name",
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
                                                       "label"};
    for (const auto& [key, value] : row.items()) {
      if (!kKnownFields.count(key) && value.is_number()) m.counters[key] = value.get<double>();
    }
    if (!rows.count(name)) order.push_back(name);
    rows[name].push_back(std::move(m));
  }

  for (const auto& name : order) {
    auto& runs = rows[name];
    if (runs.size() == 1) {
      out.measurements.push_back(std::move(runs.front()));
      continue;
    }
    Measurement merged = runs.front();
    auto median_field = [&](auto field) {
      std::vector<double> values;
      for (const auto& r : runs) values.push_back(field(r));
      return median_of(std::move(values));
    };
    merged.real_time_ns = median_field([](const Measurement& r) { return r.real_time_ns; });
    merged.cpu_time_ns = median_field([](const Measurement& r) { return r.cpu_time_ns; });
    out.measurements.push_back(std::move(merged));
  }
  return true;
}

}  // namespace perfwarden::bench
