#pragma once

#include <string>
#include <vector>

#include "report/report.h"

namespace perfwarden::gate {

// One shard's report and where it came from (named in errors).
struct ShardReport {
  std::string source;
  report::Report report;
};

// `perfwarden merge`: one verdict from the reports of `compare --shard K/N`, 1..N each once.
//
// What is recomputed: Benjamini–Hochberg over the time-metric p-values of the change tier of ALL
// shards (each shard could only adjust within its own benchmarks), and the final rule
// (policy::decide, at the last look's alpha) on each benchmark's estimate and interval with the
// merged adjusted p-value. With a fixed round count this is exactly the unsharded evaluation:
// samples of a benchmark do not depend on which other benchmarks ran, BH is a function of the
// whole family of p-values, and decide() of the evidence. With sequential looks, a shard's early
// stops used its own family at that look; merge re-applies the final rule to the evidence at the
// look where each stopped (a stop is a valid final answer: same needs no significance, a flag
// must be significant again across all shards).
// What carries over: confirmation results (fresh rounds of a flagged regression; a regression
// that only becomes significant across shards was never re-checked, so it is inconclusive
// unless confirmation was disabled), instruction counts (deterministic), the drift tier,
// failures, policy findings and waivers (deduplicated: each shard checked the same commits).
//
// Error(kUsage), naming the files: no reports; a report that is not a shard; shards of different
// N, base, head, alpha or looks; a shard given twice or missing; a benchmark in two shards.
report::Report merge_shard_reports(std::vector<ShardReport> shards);

}  // namespace perfwarden::gate
