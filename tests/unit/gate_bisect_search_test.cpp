#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "gate/bisect_search.h"

namespace perfwarden::gate {
namespace {

// Answers from a known series of true values per commit: equal within 1% is "the same", as a
// measurement beyond noise and a 3% threshold would say.
class SeriesOracle : public BisectOracle {
 public:
  explicit SeriesOracle(std::vector<double> values, std::set<std::size_t> broken = {},
                        std::set<std::size_t> unplaceable = {})
      : values_(std::move(values)),
        broken_(std::move(broken)),
        unplaceable_(std::move(unplaceable)) {}

  bool differ(std::size_t low, std::size_t high) override {
    return std::abs(std::log(values_[high] / values_[low])) > 0.01;
  }
  ProbeVerdict classify(std::size_t low, std::size_t probe, std::size_t high) override {
    EXPECT_LT(low, probe);
    EXPECT_LT(probe, high);
    ++classified_[probe];
    if (broken_.count(probe)) return ProbeVerdict::kUnbuildable;
    if (unplaceable_.count(probe)) return ProbeVerdict::kUndecided;
    const bool from_low = differ(low, probe);
    const bool from_high = differ(probe, high);
    if (from_low && from_high) return ProbeVerdict::kBetween;
    return from_low ? ProbeVerdict::kLikeHigh : ProbeVerdict::kLikeLow;
  }
  std::map<std::size_t, int> classified_;

 private:
  std::vector<double> values_;
  std::set<std::size_t> broken_;
  std::set<std::size_t> unplaceable_;
};

// 64 commits (0 good, 63 bad); `steps` maps a commit to the slowdown it introduces.
std::vector<double> series_with(const std::map<std::size_t, double>& steps) {
  std::vector<double> values;
  double value = 100.0;
  for (std::size_t i = 0; i < 64; ++i) {
    if (auto step = steps.find(i); step != steps.end()) value *= 1.0 + step->second;
    values.push_back(value);
  }
  return values;
}

TEST(GateBisectSearch, FindsEachOfTwoStepsWithinTwiceLog2Probes) {
  for (auto steps : {std::map<std::size_t, double>{{41, 0.08}, {52, 0.05}},
                     std::map<std::size_t, double>{{41, 0.05}, {52, 0.08}},
                     std::map<std::size_t, double>{{20, 0.08}, {21, 0.08}},
                     std::map<std::size_t, double>{{1, 0.1}, {63, 0.1}}}) {
    SeriesOracle oracle(series_with(steps));
    BisectSearch search = bisect_search(63, oracle);
    ASSERT_EQ(search.steps.size(), 2u);
    auto step = steps.begin();
    for (const BisectStep& found : search.steps) {
      EXPECT_TRUE(found.resolved());
      EXPECT_EQ(found.high, step->first);
      EXPECT_EQ(found.low, step->first - 1);
      ++step;
    }
    EXPECT_LE(search.probes, 2 * 2 * 6);  // 2 log2(64) per step
    for (const auto& [commit, times] : oracle.classified_) EXPECT_EQ(times, 1) << commit;
  }
}

TEST(GateBisectSearch, OneStepTakesLog2Probes) {
  SeriesOracle oracle(series_with({{41, 0.08}}));
  BisectSearch search = bisect_search(63, oracle);
  ASSERT_EQ(search.steps.size(), 1u);
  EXPECT_EQ(search.steps[0].high, 41u);
  EXPECT_EQ(search.probes, 6);       // ceil(log2(62 candidates))
  EXPECT_EQ(search.comparisons, 2);  // nothing else on either side of it
}

TEST(GateBisectSearch, CommitsThatDoNotBuildAreSkippedAndTheirRangeReported) {
  // The culprit itself does not build: the step is the range 40..42 with 41 skipped.
  SeriesOracle skipped(series_with({{41, 0.08}}), {41});
  BisectSearch search = bisect_search(63, skipped);
  ASSERT_EQ(search.steps.size(), 1u);
  EXPECT_EQ(search.steps[0].low, 40u);
  EXPECT_EQ(search.steps[0].high, 42u);
  EXPECT_EQ(search.steps[0].unbuildable, (std::vector<std::size_t>{41}));
  EXPECT_FALSE(search.steps[0].resolved());
  // A broken commit elsewhere only costs a probe.
  SeriesOracle elsewhere(series_with({{41, 0.08}}), {31, 32});
  search = bisect_search(63, elsewhere);
  ASSERT_EQ(search.steps.size(), 1u);
  EXPECT_TRUE(search.steps[0].resolved());
  EXPECT_EQ(search.steps[0].high, 41u);
  EXPECT_TRUE(search.steps[0].unbuildable.empty());
}

TEST(GateBisectSearch, AnUndecidedProbeEndsItsStepWithTheRangeLeft) {
  SeriesOracle oracle(series_with({{41, 0.08}}), {}, {47});
  BisectSearch search = bisect_search(63, oracle);
  ASSERT_EQ(search.steps.size(), 1u);
  EXPECT_TRUE(search.steps[0].undecided);
  EXPECT_FALSE(search.steps[0].resolved());
  EXPECT_LE(search.steps[0].low, 40u);
  EXPECT_GE(search.steps[0].high, 41u);
}

TEST(GateBisectSearch, AdjacentEndsAreTheCulpritWithoutAProbe) {
  SeriesOracle oracle({100.0, 110.0});
  BisectSearch search = bisect_search(1, oracle);
  ASSERT_EQ(search.steps.size(), 1u);
  EXPECT_EQ(search.steps[0].high, 1u);
  EXPECT_TRUE(search.steps[0].resolved());
  EXPECT_EQ(search.probes, 0);
}

TEST(GateBisectSearch, StopsAtTheStepLimit) {
  std::map<std::size_t, double> steps;
  for (std::size_t i = 1; i < 64; i += 2) steps[i] = 0.05;
  SeriesOracle oracle(series_with(steps));
  BisectSearch search = bisect_search(63, oracle, 3);
  EXPECT_EQ(search.steps.size(), 3u);
  EXPECT_TRUE(search.step_limit_reached);
}

}  // namespace
}  // namespace perfwarden::gate
