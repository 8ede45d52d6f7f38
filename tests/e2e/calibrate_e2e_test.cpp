// `perfwarden calibrate` end to end on a real repository and real benchmark binaries.

#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"

namespace perfwarden {
namespace {

TEST(CalibrateE2E, MeasuresNoiseAndWritesAConfigFragment) {
  util::TempDir dir("perfwarden-calibrate-e2e");
  auto writer = git::RepoWriter::init(dir.path() / "repo");
  writer.commit(testing::SampleProject{}.files(), "base");
  auto json = dir.path() / "calibration.json";
  auto fragment = dir.path() / "thresholds.json";
  auto run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      {"calibrate", "--repo", (dir.path() / "repo").string(), "--rounds", "8", "--cache-dir",
       (dir.path() / "cache").string(), "--json", json.string(), "--write", fragment.string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("BM_Work"), std::string::npos) << run.out;
  auto report = testing::read_json(json);
  ASSERT_EQ(report["benchmarks"].size(), 2u);
  for (const auto& b : report["benchmarks"]) {
    EXPECT_EQ(b["rounds"], 8);
    EXPECT_GE(b["paired_cv"].get<double>(), 0.0);
    EXPECT_GT(b["detectable"].get<double>(), b["threshold"].get<double>());
    EXPECT_GE(b["suggested_threshold"].get<double>(), 0.01);
  }
  // The fragment merges into a valid config.
  auto text = util::read_text_file(fragment);
  auto parsed = nlohmann::json::parse(text);
  parsed["suites"] = nlohmann::json::array({{{"name", "core"}, {"binary", "bench_core"}}});
  EXPECT_NO_THROW(config::parse_gate_config(parsed.dump(), "merged"));
}

}  // namespace
}  // namespace perfwarden
