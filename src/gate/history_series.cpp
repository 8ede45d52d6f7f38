#include "gate/history_series.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "stats/descriptive.h"

namespace perfwarden::gate {
namespace {

using SeriesKey = std::tuple<std::string, std::string, std::string, std::string>;

bool selected_metric(const SeriesSelection& selection, const std::string& metric) {
  return selection.metrics.empty() || std::find(selection.metrics.begin(), selection.metrics.end(),
                                                metric) != selection.metrics.end();
}

// Whether `next` holds a new measurement of the benchmark's metric rather than the previous
// point's values carried along: different values, or, for a single deterministic value (an
// instruction count, which a re-measurement repeats exactly), a different provenance.
bool remeasured(const baseline::BaselineVersion& previous, const baseline::BaselineVersion& next,
                const std::string& benchmark, const std::string& metric) {
  const std::vector<double>& before = previous.file.benchmarks.at(benchmark).at(metric);
  const std::vector<double>& after = next.file.benchmarks.at(benchmark).at(metric);
  if (before != after) return true;
  const baseline::Provenance& a = previous.file.provenance;
  const baseline::Provenance& b = next.file.provenance;
  return after.size() == 1 && (a.commit != b.commit || a.created_at != b.created_at);
}

report::HistoryPoint summarise(const baseline::BaselineVersion& version,
                               const std::vector<double>& values) {
  report::HistoryPoint point;
  point.commit = version.commit.id;
  point.time = version.commit.time;
  point.owner = version.file.provenance.owner;
  point.measured_commit = version.file.provenance.commit;
  point.median = stats::median(values);
  point.q1 = stats::quantile(values, 0.25);
  point.q3 = stats::quantile(values, 0.75);
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  point.min = *low;
  point.max = *high;
  point.count = static_cast<int>(values.size());
  return point;
}

}  // namespace

std::vector<report::HistorySeries> build_history_series(
    const std::vector<baseline::BaselineVersion>& versions, const SeriesSelection& selection) {
  std::map<SeriesKey, report::HistorySeries> series;
  std::map<SeriesKey, const baseline::BaselineVersion*> last_version;
  for (const auto& version : versions) {
    const baseline::BaselineFile& file = version.file;
    if (selection.suite && file.suite != *selection.suite) continue;
    if (selection.since && version.commit.time < *selection.since) continue;
    for (const auto& [benchmark, metrics] : file.benchmarks) {
      if (selection.benchmark && !selection.benchmark->matches(benchmark)) continue;
      for (const auto& [metric, values] : metrics) {
        if (!selected_metric(selection, metric) || values.empty()) continue;
        const SeriesKey key{file.suite, file.machine_class, benchmark, metric};
        const baseline::BaselineVersion*& last = last_version[key];
        if (last != nullptr && !remeasured(*last, version, benchmark, metric)) continue;
        last = &version;
        report::HistorySeries& s = series[key];
        if (s.points.empty()) {
          s.suite = file.suite;
          s.machine_class = file.machine_class;
          s.benchmark = benchmark;
          s.metric = metric;
        }
        s.points.push_back(summarise(version, values));
      }
    }
  }
  std::vector<report::HistorySeries> result;
  result.reserve(series.size());
  for (auto& [key, s] : series) result.push_back(std::move(s));
  return result;
}

void find_change_points(report::HistorySeries& series, const stats::ChangePointOptions& options) {
  std::vector<double> medians;
  medians.reserve(series.points.size());
  for (const auto& p : series.points) medians.push_back(p.median);
  series.change_points.clear();
  for (const auto& c : stats::detect_change_points(medians, options)) {
    report::HistoryChangePoint change;
    change.index = c.index;
    change.commit = series.points[c.index].commit;
    change.time = series.points[c.index].time;
    change.before = c.mean_before;
    change.after = c.mean_after;
    change.p_value = c.p_value;
    series.change_points.push_back(change);
  }
}

}  // namespace perfwarden::gate
