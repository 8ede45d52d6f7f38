#pragma once

// The standard normal distribution, needed by the large-sample (normal approximation) branches of
// the rank tests and of the Hodges-Lehmann interval.

#include "stats/alternative.h"

namespace perfwarden::stats {

// P(Z <= z) for Z ~ N(0, 1). Computed through std::erfc so that the lower tail keeps full relative
// precision far out (normal_cdf(-30) is about 5e-198, not 0); for an accurate upper tail call
// normal_cdf(-z) instead of 1 - normal_cdf(z). NaN in, NaN out; +-inf map to 1 and 0.
double normal_cdf(double z);

// The z with normal_cdf(z) == p, by Wichura's algorithm AS241 (PPND16), the same rational
// approximation R's qnorm() uses; relative error about 1e-16. p == 0 gives -inf, p == 1 gives +inf,
// and p outside [0, 1] or NaN gives NaN.
double normal_quantile(double p);

// The p-value of a rank statistic's normal approximation with R's continuity correction, given the
// statistic minus its null mean (`centred`) and its null standard deviation: 0.5 towards the
// centre, two-sided 2 * min(Phi(z), 1 - Phi(z)). Shared by the signed-rank and rank-sum tests.
double continuity_corrected_p_value(double centred, double sigma, Alternative alternative);

}  // namespace perfwarden::stats
