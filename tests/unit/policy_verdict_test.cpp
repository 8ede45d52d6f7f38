#include <gtest/gtest.h>

#include "policy/verdict.h"

namespace perfwarden::policy {
namespace {

TEST(PolicyVerdict, RegressionNeedsSignificanceAndAnEstimateBeyondTheThreshold) {
  EXPECT_EQ(decide({1.20, 1.10, 1.30, 0.001}, 0.05, 0.05), Verdict::kRegression);
  EXPECT_EQ(decide({1.08, 1.03, 1.12, 0.001}, 0.05, 0.05), Verdict::kRegression);
  EXPECT_EQ(decide({1.05, 1.01, 1.09, 0.001}, 0.05, 0.05), Verdict::kRegression);  // inclusive
  // The estimate is below the threshold: a real but tolerated slowdown.
  EXPECT_EQ(decide({1.04, 1.02, 1.06, 0.001}, 0.05, 0.05), Verdict::kInconclusive);
  // Beyond the threshold but not significant after correction: noise cannot fail the gate.
  EXPECT_EQ(decide({1.20, 0.95, 1.45, 0.2}, 0.05, 0.05), Verdict::kInconclusive);
}

TEST(PolicyVerdict, ImprovementIsTheMirrorImageInLogSpace) {
  EXPECT_EQ(decide({0.80, 0.75, 0.90, 0.001}, 0.05, 0.05), Verdict::kImprovement);
  // 1/1.05 = 0.95238: an estimate of 0.96 is not beyond it.
  EXPECT_EQ(decide({0.96, 0.93, 0.99, 0.001}, 0.05, 0.05), Verdict::kInconclusive);
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
