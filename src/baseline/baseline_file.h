#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/environment.h"

namespace perfwarden::baseline {

// One stored baseline: one suite measured on one machine class, with the raw per-round values
// (not only summaries) so later comparisons against it stay statistical, and where it came from.
// Serialised with sorted keys and one value per line so a refresh reads as a reviewable diff.
inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kBaselineDirectory = "baselines";

struct Provenance {
  std::string commit;
  std::string tree;
  std::string owner;       // "Name <email>", a maintainer named in the config
  std::string created_at;  // UTC, ISO 8601
  std::string perfwarden_version;
  int rounds = 0;
  bench::EnvironmentFingerprint environment;
};

// Metric name ("real_time", "cpu_time", "instructions") → per-round values (one for instructions).
using MetricValues = std::map<std::string, std::vector<double>>;

struct BaselineFile {
  int schema = kSchemaVersion;
  std::string suite;
  std::string machine_class;
  Provenance provenance;
  std::map<std::string, MetricValues> benchmarks;  // benchmark name → its metrics
};

std::string serialize_baseline(const BaselineFile& baseline);

// Validates everything; throws perfwarden::Error (usage) naming `origin` (the file, and where it
// was read from), the field or benchmark, and the fix: truncated or corrupted JSON, an unknown
// schema version, missing fields, non-numeric or non-positive values.
BaselineFile parse_baseline(std::string_view text, std::string_view origin);

// "baselines/<suite>.<machine class>.json"
std::string baseline_path(std::string_view suite, std::string_view machine_class);

}  // namespace perfwarden::baseline
