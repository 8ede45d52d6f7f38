#pragma once

namespace perfwarden::stats {

// Sizing the gate from measured noise (normal approximations; documented, not exact).
//
// With paired log-ratio standard deviation `sd` (the "paired CV") and n rounds, the Hodges–Lehmann
// estimate of the shift has standard error about sd * sqrt(pi / 3) / sqrt(n): the signed-rank
// procedures have asymptotic relative efficiency 3/pi against the mean under normal noise, so they
// need pi/3 times the rounds of a t-test for the same precision.
double shift_standard_error(double paired_sd, int rounds);

// The smallest true slowdown (as a log-ratio shift) that the final rule "estimate >= threshold"
// catches with probability `power`: threshold + z_power * standard_error.
double detectable_shift(double threshold, double standard_error, double power);

// A threshold that noise alone crosses with probability at most 1 - Phi(z) (z = 3: 0.13%), and
// never below `floor`: max(floor, z * standard_error), rounded up to a multiple of `step`.
double suggested_threshold(double standard_error, double z = 3.0, double floor = 0.01,
                           double step = 0.005);

}  // namespace perfwarden::stats
