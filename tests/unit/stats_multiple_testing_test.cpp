#include "stats/multiple_testing.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace perfwarden::stats {
namespace {

TEST(StatsBenjaminiHochberg, EvenlySpacedCollapseToTheLargest) {
  // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") is 0.05 five times (k/5 * 5/k * 0.01).
  const std::vector<double> p = {0.01, 0.02, 0.03, 0.04, 0.05};
  for (double adjusted : benjamini_hochberg(p)) EXPECT_DOUBLE_EQ(adjusted, 0.05);
}

TEST(StatsBenjaminiHochberg, TwentyFivePValues) {
  // 25 p-values whose R p.adjust(p, "BH") output is known to begin 0.025, 0.1, 0.21, 0.21, 0.21.
  // The full vector is R's algorithm (pmin(1, cummin(m / i * p[o]))[ro]) transcribed to Python,
  // e.g. 0.21 = 25/5 * 0.042, 0.4910714 = 25/14 * 0.275, 0.986 = 25/25 * 0.986.
  const std::vector<double> p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06,  0.074, 0.205, 0.212,
                                 0.216, 0.222, 0.251, 0.269, 0.275, 0.34,  0.341, 0.384, 0.569,
                                 0.594, 0.696, 0.762, 0.94,  0.942, 0.975, 0.986};
  // Rounded to 7 significant digits, R's default print precision.
  const std::vector<double> expected = {0.0250000, 0.1000000, 0.2100000, 0.2100000, 0.2100000,
                                        0.2500000, 0.2642857, 0.4910714, 0.4910714, 0.4910714,
                                        0.4910714, 0.4910714, 0.4910714, 0.4910714, 0.5328125,
                                        0.5328125, 0.5647059, 0.7815789, 0.7815789, 0.8700000,
                                        0.9071429, 0.9860000, 0.9860000, 0.9860000, 0.9860000};
  const std::vector<double> adjusted = benjamini_hochberg(p);
  ASSERT_EQ(adjusted.size(), expected.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_NEAR(adjusted[i], expected[i], 5e-8) << "i = " << i;
  }
  EXPECT_DOUBLE_EQ(adjusted[7], 25.0 / 14.0 * 0.275);
}

TEST(StatsBenjaminiHochberg, OriginalOrderIsPreserved) {
  // Sorted 0.01, 0.03, 0.04 -> 3 * 0.01, min(1.5 * 0.03, 0.04), 0.04 = 0.03, 0.04, 0.04.
  const std::vector<double> p = {0.04, 0.01, 0.03};
  const std::vector<double> adjusted = benjamini_hochberg(p);
  EXPECT_DOUBLE_EQ(adjusted[0], 0.04);
  EXPECT_DOUBLE_EQ(adjusted[1], 0.03);
  EXPECT_DOUBLE_EQ(adjusted[2], 0.04);
}

TEST(StatsBenjaminiHochberg, CappedAtOne) {
  // 2 * 0.6 = 1.2 would exceed 1.
  const std::vector<double> p = {0.6, 0.9};
  const std::vector<double> adjusted = benjamini_hochberg(p);
  EXPECT_EQ(adjusted[0], 0.9);
  EXPECT_EQ(adjusted[1], 0.9);
  const std::vector<double> ones = {1.0, 1.0};
  EXPECT_EQ(benjamini_hochberg(ones), ones);
}

TEST(StatsBenjaminiHochberg, NaNStaysNaNAndDoesNotCount) {
  // With the NaN left out m = 2: 0.01 -> 2 * 0.01 = 0.02, 0.04 -> 0.04 (R treats NA alike).
  const std::vector<double> p = {0.01, std::nan(""), 0.04};
  const std::vector<double> adjusted = benjamini_hochberg(p);
  EXPECT_DOUBLE_EQ(adjusted[0], 0.02);
  EXPECT_TRUE(std::isnan(adjusted[1]));
  EXPECT_DOUBLE_EQ(adjusted[2], 0.04);
}

TEST(StatsBenjaminiHochberg, EmptyAndSingle) {
  EXPECT_TRUE(benjamini_hochberg({}).empty());
  const std::vector<double> one = {0.03};
  EXPECT_EQ(benjamini_hochberg(one), one);
}

}  // namespace
}  // namespace perfwarden::stats
