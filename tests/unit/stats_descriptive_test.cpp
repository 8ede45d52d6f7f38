#include "stats/descriptive.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace perfwarden::stats {
namespace {

// Reference values: R semantics (median(), mean(), sd(), quantile(type = 7)) worked by hand; the
// type-7 values were re-derived with a Python transcription of R's quantile.default.

TEST(StatsDescriptive, MedianOddEvenAndEmpty) {
  EXPECT_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_EQ(median({7.0}), 7.0);
  EXPECT_TRUE(std::isnan(median({})));
}

TEST(StatsDescriptive, MeanAndSampleStddev) {
  const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_EQ(mean(values), 5.0);
  // Sum of squared deviations is 32, so sd = sqrt(32 / 7).
  EXPECT_DOUBLE_EQ(sample_stddev(values), std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(coefficient_of_variation(values), std::sqrt(32.0 / 7.0) / 5.0);
}

TEST(StatsDescriptive, MeanKeepsDigitsOfLargeOffsets) {
  // Nanosecond timings around one second: the correcting pass keeps the exact answer.
  const std::vector<double> values = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 6};
  EXPECT_EQ(mean(values), 1e9 + 3);
  EXPECT_DOUBLE_EQ(sample_stddev(values), std::sqrt(14.0 / 3.0));
}

TEST(StatsDescriptive, EdgeCasesAreNaN) {
  EXPECT_TRUE(std::isnan(mean({})));
  const std::vector<double> one = {3.0};
  EXPECT_TRUE(std::isnan(sample_stddev(one)));
  EXPECT_TRUE(std::isnan(coefficient_of_variation(one)));
  const std::vector<double> zero_mean = {-1.0, 1.0};
  EXPECT_TRUE(std::isnan(coefficient_of_variation(zero_mean)));
}

TEST(StatsDescriptive, QuantileType7) {
  // quantile(1:10, 0.1) = 1.9 and quantile(1:4, 0.25) = 1.75 in R.
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.25), 1.75);
  const std::vector<double> values = {3.5, 1.25, 9.0, 2.0, 7.75};
  EXPECT_DOUBLE_EQ(quantile(values, 0.9), 8.5);    // h = 4.6: 7.75 + 0.6 * 1.25
  EXPECT_DOUBLE_EQ(quantile(values, 0.37), 2.72);  // h = 2.48: 2 + 0.48 * 1.5
  EXPECT_EQ(quantile(values, 0.0), 1.25);
  EXPECT_EQ(quantile(values, 1.0), 9.0);
  EXPECT_EQ(quantile(values, 0.5), median(values));
  EXPECT_EQ(quantile({5.0}, 0.3), 5.0);
  EXPECT_EQ(quantile({2.0, 2.0, 2.0}, 0.3), 2.0);
}

TEST(StatsDescriptive, QuantileEdgeCases) {
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  EXPECT_THROW(quantile({1.0}, -0.1), std::invalid_argument);
  EXPECT_THROW(quantile({1.0}, 1.5), std::invalid_argument);
  EXPECT_THROW(quantile({1.0}, std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace perfwarden::stats
