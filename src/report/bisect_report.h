#pragma once

// What `perfwarden bisect` found, and its renderings. Commit subjects, authors and benchmark
// names come from the repository and are escaped by every renderer.

#include <string>
#include <vector>

#include "report/report.h"
#include "util/exit_code.h"

namespace perfwarden::report {

struct BisectCommit {
  std::string id;
  std::string subject;                 // untrusted
  std::string author;                  // "Name <email>", untrusted
  std::string ai_evidence;             // why it counts as AI-generated; empty when nothing says so
  std::vector<std::string> owners;     // hot-path owners of the files it changed, "Name <email>"
  std::vector<std::string> hot_paths;  // those files
};

// A change between two measured commits (the ratio after / before).
struct MeasuredChange {
  double ratio = 1.0;
  double ci_low = 1.0;
  double ci_high = 1.0;
  int rounds = 0;  // paired rounds (1 for an instruction count)
};

struct BisectStepResult {
  bool resolved = false;                 // `culprit` is the one commit
  bool undecided = false;                // measurement could not place a probe within budget
  BisectCommit culprit;                  // when resolved; else the first commit of the range
  std::string last_good;                 // the commit before the range
  std::vector<BisectCommit> candidates;  // the range when not resolved
  std::vector<std::string> unbuildable;  // commits in the range that did not build or run
  MeasuredChange change;                 // last_good → culprit (or across the range)
  int probes = 0;
};

struct BisectReport {
  std::string tool_version;
  std::string repository;
  RevisionSummary good;
  RevisionSummary bad;
  std::string suite;
  std::string benchmark;
  std::string metric;                     // "cpu_time", "real_time" or "instructions"
  std::vector<std::string> also_matched;  // other benchmarks the pattern selected, not bisected
  MeasuredChange total;                   // good → bad
  bool different = false;                 // good and bad differ beyond noise and the threshold
  double min_change = 0.0;                // the smallest change searched for (relative)
  std::vector<BisectStepResult> steps;    // in commit order
  bool step_limit_reached = false;
  int commits = 0;  // first-parent commits after good, up to bad
  int builds = 0;   // revisions built (or found in the cache), ends included
  int probes = 0;
  int rounds = 0;  // benchmark rounds run, across every measurement
  double seconds = 0.0;
  std::vector<std::string> warnings;

  // 0: every change named (or none to find); 1: a change left as a range, undecided, or more
  // steps than the limit.
  ExitCode exit_code() const;
};

std::string render_bisect_console(const BisectReport& report, bool color);
std::string render_bisect_markdown(const BisectReport& report);
std::string render_bisect_json(const BisectReport& report);
std::string render_bisect_html(const BisectReport& report);

}  // namespace perfwarden::report
