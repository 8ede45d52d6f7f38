#pragma once

#include <string>
#include <vector>

#include "policy/verdict.h"

namespace perfwarden::accuracy {

// One benchmark's outcome in one compare of the accuracy run.
struct Observation {
  std::string metric;  // the compare's metric: "time" or "instructions"
  std::string benchmark;
  double slowdown = 0.0;  // injected into the head: 0.05 = 5% more work
  policy::Verdict verdict = policy::Verdict::kInconclusive;
  bool naive_applicable = false;  // the naive rule needs at least two values per side
  bool naive_regression = false;
  double paired_cv = 0.0;     // BenchmarkResult::paired_cv
  double estimate = 1.0;      // BenchmarkResult::ratio, head/base
  int rounds = 0;             // primary-stage rounds
  double wall_seconds = 0.0;  // run_compare as the caller sees it; the first per tree builds it
  // "" for a slowdown level; else "placement", "memory", "comment" or "docs" (the head branch).
  std::string scenario;
  // The compare's report: its rounds, time inside benchmark processes, and stage times.
  int rounds_run = 0;
  double benchmark_process_seconds = 0.0;
  double build_seconds = 0.0;
  double measure_seconds = 0.0;  // the timing stage (the deterministic stage comes after it)
  double deterministic_seconds = 0.0;
};

// What the Markdown says around the figures.
struct RunDescription {
  std::string command;
  std::string machine;
  std::string settings;
  int compares_done = 0;
  int compares_planned = 0;
  double elapsed_seconds = 0.0;
  std::vector<std::string> failed_compares;  // compares that threw or failed the head
};

// Aggregates the observations (rows = metric × benchmark × slowdown) and renders the Markdown:
// the main table, the regression rate by each compare's own paired CV, and the accuracy goals
// checked against the figures (met / NOT met).
std::string render_accuracy_markdown(const std::vector<Observation>& observations,
                                     const RunDescription& run);

}  // namespace perfwarden::accuracy
