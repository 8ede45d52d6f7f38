// Sharding: the split is stable and disjoint, and merging the shards' reports (through their
// JSON) gives the same verdicts and adjusted p-values as measuring everything in one run.

#include <gtest/gtest.h>

#include <cmath>

#include "config/gate_config.h"
#include "gate/benchmark_results.h"
#include "gate/sequential_measurement.h"
#include "gate/shard.h"
#include "gate/shard_merge.h"
#include "report/json_reader.h"
#include "report/json_renderer.h"
#include "support/fake_benchmark_runner.h"
#include "util/error.h"
#include "util/files.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;
using testing::FakeBenchmarkRunner;

TEST(Shard, ParsesKOfN) {
  auto shard = parse_shard("2/3");
  EXPECT_EQ(shard.index, 2);
  EXPECT_EQ(shard.count, 3);
  for (const char* bad : {"0/2", "3/2", "2", "1/0", "a/b", "1/2x", "-1/2", "1/257", ""}) {
    EXPECT_THROW(parse_shard(bad), Error) << bad;
  }
}

TEST(Shard, HashIsFnv1aAndStable) {
  // FNV-1a 64 of the lone separator, computed independently. The split must never
  // change between versions or machines, or shards of one run would disagree.
  EXPECT_EQ(stable_benchmark_hash("", ""), 0xaf63d24c8601db8eULL);  // FNV-1a("\x1f")
  EXPECT_EQ(shard_of("core", "BM_Work", 2), 1);
  EXPECT_EQ(shard_of("core", "BM_Steady", 2), 2);
  for (int count = 1; count <= 7; ++count) {
    int k = shard_of("core", "BM_Something/64", count);
    EXPECT_GE(k, 1);
    EXPECT_LE(k, count);
  }
}

TEST(Shard, NarrowsSuitesToExactNames) {
  config::Suite core;
  core.name = "core";
  core.filter = "BM_.*";
  config::Suite other;
  other.name = "other";
  std::vector<bench::SuitePair> suites = {{core, {"b", "b"}, {"h", "h"}},
                                          {other, {"b", "b"}, {"h", "h"}}};
  std::map<std::string, std::set<std::string>> listed = {
      {"core", {"BM_Work", "BM_Steady", "BM_a.b(c)"}}, {"other", {}}};
  std::set<std::string> seen;
  for (int k = 1; k <= 2; ++k) {
    for (const auto& pair : shard_suites(suites, listed, {k, 2})) {
      EXPECT_EQ(pair.suite.name, "core");  // `other` has nothing to measure anywhere
      EXPECT_EQ(pair.suite.filter.rfind("^(", 0), 0u) << pair.suite.filter;
      for (const auto& name : listed["core"]) {
        if (shard_of("core", name, 2) == k) {
          EXPECT_TRUE(seen.insert(name).second);
          EXPECT_NE(pair.suite.filter.find(name == "BM_a.b(c)" ? "BM_a\\.b\\(c\\)" : name),
                    std::string::npos);
        }
      }
    }
  }
  EXPECT_EQ(seen.size(), 3u);
}

// Deterministic noise for run k of a benchmark on one side: a hash, so that no two benchmarks
// or sides share a pattern.
double noise(const std::string& name, bool head, int k) {
  std::uint64_t x = stable_benchmark_hash(name, std::to_string(k) + (head ? "h" : "b"));
  x ^= x >> 29;
  return (static_cast<double>(x % 20001) / 10000.0 - 1.0);  // [-1, 1]
}

class ShardMerge : public ::testing::Test {
 protected:
  ShardMerge() : dir_("pw-shard"), suites_(testing::fake_core_suite(dir_.path())) {
    plan_.rounds.seed = 7;
    plan_.schedule.looks = {12};  // one look: merge is then exactly the unsharded evaluation
    plan_.confirmation_rounds = 10;
    plan_.thresholds.default_threshold = 0.03;
    config_.thresholds = plan_.thresholds;
  }

  // Effects chosen so that Benjamini–Hochberg matters: several small p-values of different size.
  static double effect(const std::string& name) {
    static const std::map<std::string, double> effects = {
        {"BM_Flat1", 1.0},  {"BM_Flat2", 1.0},  {"BM_Flat3", 1.0},
        {"BM_Slow2x", 2.0}, {"BM_Slow5", 1.05}, {"BM_Slow3", 1.035},
        {"BM_Fast", 0.9},   {"BM_Tiny", 1.01},  {"BM_Noisy", 1.04}};
    return effects.at(name);
  }
  static double noise_level(const std::string& name) { return name == "BM_Noisy" ? 0.08 : 0.01; }
  std::vector<std::string> names() const {
    return {"BM_Flat1", "BM_Flat2", "BM_Flat3", "BM_Slow2x", "BM_Slow5",
            "BM_Slow3", "BM_Fast",  "BM_Tiny",  "BM_Noisy"};
  }
  FakeBenchmarkRunner runner() const {
    return FakeBenchmarkRunner(names(), [](const std::string& name, bool head, int k) {
      return 1000.0 * (head ? effect(name) : 1.0) *
             (1.0 + noise_level(name) * noise(name, head, k));
    });
  }

  report::Report measure(const std::vector<bench::SuitePair>& suites, FakeBenchmarkRunner& fake,
                         std::optional<report::Shard> shard) {
    util::Progress quiet(false);
    MeasurementOutcome outcome = run_sequential_measurement(fake, suites, plan_, quiet);
    report::Report report;
    report.base.commit = "b";
    report.head.commit = "h";
    report.settings.looks = plan_.schedule.looks;
    report.settings.alpha = plan_.alpha;
    report.settings.confirmation_rounds_planned = plan_.confirmation_rounds;
    report.benchmarks = to_benchmark_results(outcome, plan_, config_).benchmarks;
    report.shard = shard;
    return report;
  }

  report::Report merged_from(int count) {
    std::vector<ShardReport> shards;
    for (int k = count; k >= 1; --k) {  // any order
      auto fake = runner();
      auto selection = select_shard(fake, suites_, {k, count}, plan_.rounds.settings);
      report::Report shard = measure(selection.suites, fake, report::Shard{k, count});
      EXPECT_EQ(selection.listed, static_cast<int>(names().size()));
      // Through the file format, as `perfwarden merge` reads it.
      shards.push_back({"shard-" + std::to_string(k) + ".json",
                        report::read_json_report(report::render_json(shard), "shard.json")});
    }
    return merge_shard_reports(std::move(shards));
  }

  util::TempDir dir_;
  std::vector<bench::SuitePair> suites_;
  SequentialPlan plan_;
  config::GateConfig config_;
};

const report::BenchmarkResult& find(const report::Report& report, const std::string& name) {
  for (const auto& b : report.benchmarks) {
    if (b.name == name) return b;
  }
  throw std::runtime_error("no benchmark " + name);
}

TEST_F(ShardMerge, MergedShardsEqualTheUnshardedVerdict) {
  auto fake = runner();
  report::Report together = measure(suites_, fake, std::nullopt);
  ASSERT_EQ(find(together, "BM_Slow2x").verdict, Verdict::kRegression);
  ASSERT_EQ(find(together, "BM_Fast").verdict, Verdict::kImprovement);
  ASSERT_EQ(find(together, "BM_Flat1").verdict, Verdict::kSame);

  for (int count : {2, 3, 4}) {
    SCOPED_TRACE("shards: " + std::to_string(count));
    report::Report merged = merged_from(count);
    ASSERT_EQ(merged.benchmarks.size(), together.benchmarks.size());
    for (const auto& expected : together.benchmarks) {
      const auto& actual = find(merged, expected.name);
      EXPECT_EQ(actual.verdict, expected.verdict) << expected.name << ": " << actual.reason;
      EXPECT_DOUBLE_EQ(actual.p_adjusted, expected.p_adjusted) << expected.name;
      EXPECT_DOUBLE_EQ(actual.p_value, expected.p_value) << expected.name;
      EXPECT_DOUBLE_EQ(actual.ratio, expected.ratio) << expected.name;
    }
    EXPECT_EQ(merged.exit_code(), together.exit_code());
    EXPECT_FALSE(merged.shard.has_value());
  }
}

TEST_F(ShardMerge, WithinAShardTheAdjustmentDiffers) {
  // Why merge recomputes: a shard alone adjusts over fewer p-values.
  auto fake = runner();
  report::Report together = measure(suites_, fake, std::nullopt);
  bool differs = false;
  for (int k = 1; k <= 3; ++k) {
    auto shard_fake = runner();
    auto selection = select_shard(shard_fake, suites_, {k, 3}, plan_.rounds.settings);
    for (const auto& b : measure(selection.suites, shard_fake, report::Shard{k, 3}).benchmarks) {
      differs = differs || b.p_adjusted != find(together, b.name).p_adjusted;
    }
  }
  EXPECT_TRUE(differs);
}

report::Report shard_report(int k, int n, std::string head = "h") {
  report::Report r;
  r.base.commit = "b";
  r.head.commit = std::move(head);
  r.settings.looks = {10, 15, 20};
  r.shard = report::Shard{k, n};
  return r;
}

std::string merge_error(std::vector<ShardReport> shards) {
  try {
    merge_shard_reports(std::move(shards));
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kUsage);
    return e.what();
  }
  return "(no error)";
}

TEST(ShardMergeErrors, NameTheFiles) {
  EXPECT_NE(merge_error({{"a.json", shard_report(1, 2)}}).find("shard 2/2 is missing"),
            std::string::npos);
  EXPECT_NE(merge_error({{"a.json", shard_report(1, 2)}, {"b.json", shard_report(1, 2)}})
                .find("b.json and a.json are both shard 1/2"),
            std::string::npos);
  EXPECT_NE(merge_error({{"a.json", shard_report(1, 2)}, {"b.json", shard_report(2, 3)}})
                .find("b.json is shard 2/3 but a.json is shard 1/2"),
            std::string::npos);
  EXPECT_NE(merge_error({{"a.json", shard_report(1, 2)}, {"b.json", shard_report(2, 2, "other")}})
                .find("b.json compares b..other but a.json compares b..h"),
            std::string::npos);
  report::Report unsharded = shard_report(1, 1);
  unsharded.shard.reset();
  EXPECT_NE(merge_error({{"full.json", unsharded}}).find("full.json is not a shard report"),
            std::string::npos);
  EXPECT_NE(merge_error({}).find("no shard reports"), std::string::npos);
}

TEST(ShardMergeErrors, CarriesOverFailuresAndFindingsOnce) {
  auto a = shard_report(1, 2);
  auto b = shard_report(2, 2);
  a.failures.push_back({"the head revision h does not build", "log a"});
  b.failures.push_back({"the head revision h does not build", "log b"});
  a.findings.push_back({"owner-required", "c", {"src/x.cpp"}, "no owner", "name one"});
  b.findings = a.findings;
  auto merged = merge_shard_reports({{"a.json", a}, {"b.json", b}});
  EXPECT_EQ(merged.failures.size(), 1u);
  EXPECT_EQ(merged.findings.size(), 1u);
  EXPECT_EQ(merged.exit_code(), ExitCode::kGateFailed);
}

}  // namespace
}  // namespace perfwarden::gate
