#pragma once

// What `perfwarden history` found: every stored baseline's series along a branch and its change
// points. Computed by gate::run_history; the renderers below (and history_html.h) only turn it
// into bytes. Benchmark names, commit subjects, authors and owners are committed text: every
// renderer escapes them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perfwarden::report {

// A commit that refreshed a baseline.
struct HistoryCommit {
  std::string id;
  std::int64_t time = 0;  // committer time, seconds since the epoch
  std::string subject;
  std::string author;  // "Name <email>"
};

// One refresh of one benchmark's metric: its stored per-round values summarised.
struct HistoryPoint {
  std::string commit;  // the commit that changed the baseline file
  std::int64_t time = 0;
  std::string owner;            // provenance.owner: the maintainer who refreshed it
  std::string measured_commit;  // provenance.commit: the revision that was measured
  double median = 0.0;          // of the per-round values, in the metric's unit
  double q1 = 0.0, q3 = 0.0;    // quartiles (R's type 7): the spread shown
  double min = 0.0, max = 0.0;
  int count = 0;  // per-round values stored (1 for instructions)
};

struct HistoryChangePoint {
  std::size_t index = 0;  // the first point of the new level
  std::string commit;     // that point's commit
  std::int64_t time = 0;
  double before = 0.0;  // mean of the point medians since the previous change point
  double after = 0.0;   // ... up to the next one
  double p_value = 1.0;
  double ratio() const { return after / before; }
};

struct HistorySeries {
  std::string suite;
  std::string machine_class;
  std::string benchmark;
  std::string metric;                // "real_time", "cpu_time" or "instructions"
  std::vector<HistoryPoint> points;  // oldest first
  std::vector<HistoryChangePoint> change_points;
};

struct HistoryReport {
  std::string tool_version;
  std::string revision_spec;
  std::string revision_commit;
  std::string revision_subject;
  std::optional<std::int64_t> since;  // points older than this were left out
  std::size_t commits_walked = 0;
  std::size_t refresh_commits = 0;
  double max_p_value = 0.001;
  double min_change = 0.0;
  std::string commit_url;              // "https://host/o/r/commit/{sha}", or empty
  std::vector<HistoryCommit> commits;  // every commit a point refers to, oldest first
  std::vector<HistorySeries> series;   // by suite, machine class, benchmark, metric
  std::vector<std::string> warnings;

  // The entry of `commits` with this id, or nullptr.
  const HistoryCommit* find_commit(const std::string& id) const;
};

// The link of a commit: commit_url with {sha} replaced, or empty without a template.
std::string commit_link(const HistoryReport& report, const std::string& commit);
// "suite/benchmark [metric] on machine class", unescaped.
std::string series_label(const HistorySeries& series);

std::string render_history_console(const HistoryReport& report, bool color);
std::string render_history_json(const HistoryReport& report);  // schema perfwarden.history/1
std::string render_history_markdown(const HistoryReport& report);

}  // namespace perfwarden::report
