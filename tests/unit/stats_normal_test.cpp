#include "stats/normal.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace perfwarden::stats {
namespace {

// Reference values: Python 3.11 statistics.NormalDist().inv_cdf (the same AS241 algorithm R's
// qnorm uses) and 0.5 * math.erfc(-z / sqrt(2)); the familiar ones agree with printed tables
// (qnorm(0.975) = 1.959964, pnorm(-1.96) = 0.0249979).

TEST(StatsNormal, CdfKnownValues) {
  EXPECT_EQ(normal_cdf(0.0), 0.5);
  EXPECT_NEAR(normal_cdf(-1.96), 0.024997895148220435, 1e-17);
  EXPECT_NEAR(normal_cdf(1.0), 0.8413447460685429, 1e-16);
  EXPECT_NEAR(normal_cdf(3.5), 0.9997673709209645, 1e-16);
  // Far tails keep relative precision.
  EXPECT_NEAR(normal_cdf(-8.0) / 6.220960574271819e-16, 1.0, 1e-14);
  EXPECT_NEAR(normal_cdf(-30.0) / 4.906713927148764e-198, 1.0, 1e-13);
  EXPECT_EQ(normal_cdf(-std::numeric_limits<double>::infinity()), 0.0);
  EXPECT_EQ(normal_cdf(std::numeric_limits<double>::infinity()), 1.0);
}

TEST(StatsNormal, QuantileKnownValues) {
  const struct {
    double p;
    double z;
  } cases[] = {
      {0.975, 1.9599639845400536}, {0.025, -1.9599639845400538}, {1e-10, -6.361340902404056},
      {0.001, -3.090232306167813}, {0.3, -0.5244005127080407},   {0.9999, 3.7190164854557084},
      {1e-300, -37.0470962993612}, {0.8, 0.8416212335729144},
  };
  for (const auto& c : cases) {
    EXPECT_NEAR(normal_quantile(c.p), c.z, 4e-16 * std::fabs(c.z)) << "p = " << c.p;
  }
  EXPECT_EQ(normal_quantile(0.5), 0.0);
}

TEST(StatsNormal, QuantileInvertsCdf) {
  for (double p = 0.0005; p < 1.0; p += 0.0125) {
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-15) << "p = " << p;
  }
}

TEST(StatsNormal, QuantileEdgeCases) {
  EXPECT_EQ(normal_quantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(normal_quantile(1.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(std::nan(""))));
}

}  // namespace
}  // namespace perfwarden::stats
