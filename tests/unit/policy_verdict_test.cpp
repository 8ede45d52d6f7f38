#include <gtest/gtest.h>

#include "policy/verdict.h"

namespace perfwarden::policy {
namespace {

TEST(PolicyVerdict, RegressionNeedsSignificanceAndTheWholeIntervalAboveTheThreshold) {
  EXPECT_EQ(decide({1.20, 1.10, 1.30, 0.001}, 0.05, 0.05), Verdict::kRegression);
  // Significant but the interval reaches below +5%: not proven beyond the threshold.
  EXPECT_EQ(decide({1.08, 1.03, 1.12, 0.001}, 0.05, 0.05), Verdict::kInconclusive);
  // Interval above the threshold but not significant after correction.
  EXPECT_EQ(decide({1.20, 1.10, 1.30, 0.2}, 0.05, 0.05), Verdict::kInconclusive);
}

TEST(PolicyVerdict, ImprovementIsTheMirrorImageInLogSpace) {
  EXPECT_EQ(decide({0.80, 0.75, 0.90, 0.001}, 0.05, 0.05), Verdict::kImprovement);
  // 1/1.05 = 0.952: an upper end of 0.96 is not beyond it.
  EXPECT_EQ(decide({0.90, 0.85, 0.96, 0.001}, 0.05, 0.05), Verdict::kInconclusive);
}

TEST(PolicyVerdict, SmallSignificantShiftsInsideTheThresholdAreSame) {
  EXPECT_EQ(decide({1.02, 1.01, 1.03, 0.0001}, 0.05, 0.05), Verdict::kSame);
  EXPECT_EQ(decide({1.00, 0.99, 1.01, 0.9}, 0.05, 0.05), Verdict::kSame);
  EXPECT_EQ(decide({1.0, 1.0 / 1.05, 1.05, 0.9}, 0.05, 0.05), Verdict::kSame);  // bounds inclusive
}

TEST(PolicyVerdict, NamesAreStable) {
  EXPECT_EQ(to_string(Verdict::kRegression), "regression");
  EXPECT_EQ(to_string(Verdict::kImprovement), "improvement");
  EXPECT_EQ(to_string(Verdict::kSame), "same");
  EXPECT_EQ(to_string(Verdict::kInconclusive), "inconclusive");
  EXPECT_EQ(to_string(Verdict::kNew), "new");
  EXPECT_EQ(to_string(Verdict::kGone), "gone");
}

}  // namespace
}  // namespace perfwarden::policy
