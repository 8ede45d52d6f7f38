#include "gate/history_series.h"

#include <gtest/gtest.h>

namespace perfwarden::gate {
namespace {

baseline::BaselineVersion series_version(const std::string& commit, std::int64_t time,
                                         const std::string& machine_class,
                                         std::map<std::string, std::vector<double>> work) {
  baseline::BaselineVersion v;
  v.commit.id = commit;
  v.commit.time = time;
  v.path = "baselines/core." + machine_class + ".json";
  v.file.suite = "core";
  v.file.machine_class = machine_class;
  v.file.provenance.owner = "Ada <ada@example.com>";
  v.file.provenance.commit = "measured-" + commit;
  v.file.benchmarks["BM_Work"] = std::move(work);
  v.file.benchmarks["BM_Other"]["instructions"] = {1000};
  return v;
}

TEST(GateHistorySeries, OneSeriesPerMachineClassBenchmarkAndMetric) {
  const std::vector<baseline::BaselineVersion> versions = {
      series_version("c1", 10, "v3", {{"real_time", {4, 1, 3, 2, 5}}, {"instructions", {500}}}),
      series_version("c2", 20, "v4", {{"real_time", {40, 41}}}),
      series_version("c3", 30, "v3", {{"real_time", {10, 12, 11}}, {"instructions", {510}}}),
  };
  const auto series = build_history_series(versions, {});
  // Sorted by suite, machine class, benchmark, metric.
  ASSERT_EQ(series.size(), 5u);
  EXPECT_EQ(series_label(series[0]), "core/BM_Other [instructions] on v3");
  EXPECT_EQ(series[0].points.size(), 2u);  // the same 1000 in c3, measured again
  EXPECT_EQ(series_label(series[1]), "core/BM_Work [instructions] on v3");
  EXPECT_EQ(series_label(series[2]), "core/BM_Work [real_time] on v3");
  EXPECT_EQ(series_label(series[3]), "core/BM_Other [instructions] on v4");
  EXPECT_EQ(series_label(series[4]), "core/BM_Work [real_time] on v4");

  const report::HistorySeries& time = series[2];
  ASSERT_EQ(time.points.size(), 2u);  // v4's refresh stays in its own series
  const report::HistoryPoint& p = time.points[0];
  EXPECT_EQ(p.commit, "c1");
  EXPECT_EQ(p.time, 10);
  EXPECT_EQ(p.owner, "Ada <ada@example.com>");
  EXPECT_EQ(p.measured_commit, "measured-c1");
  EXPECT_EQ(p.median, 3.0);
  EXPECT_EQ(p.q1, 2.0);  // type 7 on 1..5
  EXPECT_EQ(p.q3, 4.0);
  EXPECT_EQ(p.min, 1.0);
  EXPECT_EQ(p.max, 5.0);
  EXPECT_EQ(p.count, 5);
  EXPECT_EQ(time.points[1].median, 11.0);
  EXPECT_EQ(time.points[1].q1, 10.5);
}

TEST(GateHistorySeries, ValuesCarriedAlongAddNoPoint) {
  std::vector<baseline::BaselineVersion> versions = {
      series_version("c1", 10, "v3", {{"real_time", {4, 5}}}),
      series_version("c2", 20, "v3", {{"real_time", {4, 5}}}),  // a rewrite, not a measurement
      series_version("c3", 30, "v3", {{"real_time", {6, 5}}}),
  };
  versions[1].file.provenance = versions[0].file.provenance;  // c2 rewrote the file only
  const auto series = build_history_series(versions, {});
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].points.size(), 2u);  // BM_Other's 1000: c3 measured it again, c2 did not
  EXPECT_EQ(series[0].points[1].commit, "c3");
  ASSERT_EQ(series[1].points.size(), 2u);  // BM_Work's times: c2 carried c1's along
  EXPECT_EQ(series[1].points[1].commit, "c3");
}

TEST(GateHistorySeries, SelectionBySuiteBenchmarkMetricAndTime) {
  const std::vector<baseline::BaselineVersion> versions = {
      series_version("c1", 10, "v3", {{"real_time", {1}}, {"cpu_time", {1}}}),
      series_version("c2", 20, "v3", {{"real_time", {2}}, {"cpu_time", {2}}}),
  };
  SeriesSelection selection;
  std::string problem;
  selection.benchmark = util::Pattern::compile("BM_W.*", problem);
  selection.metrics = {"real_time"};
  selection.since = 15;
  auto series = build_history_series(versions, selection);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].metric, "real_time");
  ASSERT_EQ(series[0].points.size(), 1u);
  EXPECT_EQ(series[0].points[0].commit, "c2");
  selection = {};
  selection.suite = "other";
  EXPECT_TRUE(build_history_series(versions, selection).empty());
  selection = {};
  selection.benchmark = util::Pattern::compile("Work", problem);  // whole names only
  EXPECT_TRUE(build_history_series(versions, selection).empty());
}

TEST(GateHistorySeries, ChangePointsNameTheirCommits) {
  std::vector<baseline::BaselineVersion> versions;
  const std::vector<double> medians = {100, 101, 99, 100, 110, 111, 109, 110};
  for (std::size_t i = 0; i < medians.size(); ++i) {
    versions.push_back(series_version("c" + std::to_string(i), static_cast<std::int64_t>(i) * 100,
                                      "v3", {{"real_time", {medians[i]}}}));
  }
  auto series = build_history_series(versions, {.metrics = {"real_time"}});
  ASSERT_EQ(series.size(), 1u);
  find_change_points(series[0], {});
  ASSERT_EQ(series[0].change_points.size(), 1u);
  const report::HistoryChangePoint& c = series[0].change_points[0];
  EXPECT_EQ(c.index, 4u);
  EXPECT_EQ(c.commit, "c4");
  EXPECT_EQ(c.time, 400);
  EXPECT_EQ(c.before, 100.0);
  EXPECT_EQ(c.after, 110.0);
  EXPECT_DOUBLE_EQ(c.ratio(), 1.1);
  EXPECT_LT(c.p_value, 1e-4);
}

}  // namespace
}  // namespace perfwarden::gate
