#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "stats/power.h"

namespace perfwarden::stats {
namespace {

TEST(StatsPower, StandardErrorScalesWithNoiseAndRounds) {
  // sd 0.03, 20 rounds: 0.03 * sqrt(pi/3) / sqrt(20) = 0.0068644...
  EXPECT_NEAR(shift_standard_error(0.03, 20),
              0.03 * std::sqrt(std::numbers::pi / 3) / std::sqrt(20.0), 1e-15);
  EXPECT_NEAR(shift_standard_error(0.03, 20), 0.00686468, 1e-8);
  EXPECT_DOUBLE_EQ(shift_standard_error(0.06, 80), shift_standard_error(0.03, 20));
  EXPECT_TRUE(std::isinf(shift_standard_error(0.03, 0)));
}

TEST(StatsPower, DetectableShiftAddsTheQuantileOfThePower) {
  // z_0.95 = 1.6448536269514722
  EXPECT_NEAR(detectable_shift(0.03, 0.01, 0.95), 0.03 + 0.016448536269514722, 1e-12);
  EXPECT_NEAR(detectable_shift(0.03, 0.01, 0.5), 0.03, 1e-12);
}

TEST(StatsPower, SuggestedThresholdHasAFloorAndRoundsUp) {
  EXPECT_DOUBLE_EQ(suggested_threshold(0.001), 0.01);     // 3 * 0.001 below the 1% floor
  EXPECT_NEAR(suggested_threshold(0.005), 0.015, 1e-12);  // exactly 1.5%
  EXPECT_NEAR(suggested_threshold(0.0051), 0.02, 1e-12);  // 1.53% rounds up to 2%
  EXPECT_NEAR(suggested_threshold(0.02, 2.0, 0.0, 0.01), 0.04, 1e-12);
}

}  // namespace
}  // namespace perfwarden::stats
