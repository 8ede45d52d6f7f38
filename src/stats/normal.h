#pragma once

// The standard normal distribution, needed by the large-sample (normal approximation) branches of
// the rank tests and of the Hodges-Lehmann interval.

namespace perfwarden::stats {

// P(Z <= z) for Z ~ N(0, 1). Computed through std::erfc so that the lower tail keeps full relative
// precision far out (normal_cdf(-30) is about 5e-198, not 0); for an accurate upper tail call
// normal_cdf(-z) instead of 1 - normal_cdf(z). NaN in, NaN out; +-inf map to 1 and 0.
double normal_cdf(double z);

// The z with normal_cdf(z) == p, by Wichura's algorithm AS241 (PPND16), the same rational
// approximation R's qnorm() uses; relative error about 1e-16. p == 0 gives -inf, p == 1 gives +inf,
// and p outside [0, 1] or NaN gives NaN.
double normal_quantile(double p);

}  // namespace perfwarden::stats
