#include <gtest/gtest.h>

#include "policy/stop_rule.h"

namespace perfwarden::policy {
namespace {

// threshold 5%: same zone [1/1.05, 1.05] = [0.95238.., 1.05].
constexpr double kT = 0.05;
constexpr double kAlphaLook = 0.05 / 3;

TEST(PolicyStopRule, StopsSameAsSoonAsTheIntervalIsInsideTheThreshold) {
  EXPECT_EQ(stop_decision({1.01, 0.99, 1.03, 0.4}, kT, kAlphaLook, false), StopDecision::kStopSame);
  EXPECT_EQ(stop_decision({1.00, 0.96, 1.049, 0.9}, kT, kAlphaLook, false),
            StopDecision::kStopSame);
}

TEST(PolicyStopRule, StopsRegressionEarlyOnlyWhenClearlyBeyond) {
  EXPECT_EQ(stop_decision({1.20, 1.10, 1.30, 0.001}, kT, kAlphaLook, false),
            StopDecision::kStopRegression);
  // The estimate is beyond, but the interval reaches below the threshold: look again later.
  EXPECT_EQ(stop_decision({1.07, 1.02, 1.12, 0.001}, kT, kAlphaLook, false),
            StopDecision::kContinue);
  // Clearly beyond but not significant at this look's share of alpha.
  EXPECT_EQ(stop_decision({1.20, 1.10, 1.30, 0.02}, kT, kAlphaLook, false),
            StopDecision::kContinue);
  EXPECT_EQ(stop_decision({0.80, 0.75, 0.90, 0.001}, kT, kAlphaLook, false),
            StopDecision::kStopImprovement);
}

TEST(PolicyStopRule, LastLookAppliesTheFinalRule) {
  EXPECT_EQ(stop_decision({1.07, 1.02, 1.12, 0.001}, kT, kAlphaLook, true),
            StopDecision::kStopRegression);
  EXPECT_EQ(stop_decision({1.03, 0.98, 1.08, 0.2}, kT, kAlphaLook, true),
            StopDecision::kStopInconclusive);
  EXPECT_EQ(stop_decision({1.00, 0.99, 1.01, 0.9}, kT, kAlphaLook, true), StopDecision::kStopSame);
}

TEST(PolicyStopRule, LookScheduleSplitsAlpha) {
  LookSchedule schedule;
  EXPECT_EQ(schedule.max_rounds(), 20);
  EXPECT_DOUBLE_EQ(schedule.alpha_per_look(0.06), 0.02);
  LookSchedule fixed{{12}};
  EXPECT_DOUBLE_EQ(fixed.alpha_per_look(0.05), 0.05);
}

}  // namespace
}  // namespace perfwarden::policy
