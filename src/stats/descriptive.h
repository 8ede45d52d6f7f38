#pragma once

// Descriptive statistics of one sample of measurements (for example the per-round timings of one
// benchmark). Small free functions in the spirit of Google Benchmark's statistics.h.
//
// Edge cases are returned as NaN rather than thrown: an empty sample is a normal situation for a
// benchmark that failed to run, and callers decide how to report it. NaN entries in the input are
// not filtered and propagate into the result like any IEEE arithmetic.

#include <limits>
#include <span>
#include <vector>

namespace perfwarden::stats {

// What a statistic of too few (or unusable) values is.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Middle value; the mean of the two middle values for an even count (R's median()).
// Takes the sample by value because it reorders it (std::nth_element, linear time).
// Empty -> NaN.
double median(std::vector<double> values);

// Arithmetic mean with a second correcting pass, as R's mean() does, so that large offsets with
// small spread (timings of 1e9 ns +- 3 ns) do not lose digits. Empty -> NaN.
double mean(std::span<const double> values);

// Standard deviation with the n - 1 denominator (R's sd()). Fewer than 2 values -> NaN.
double sample_stddev(std::span<const double> values);

// sample_stddev / mean: the relative noise of a benchmark. Fewer than 2 values or a zero mean
// -> NaN (a relative spread around zero has no meaning). A negative mean gives a negative value.
double coefficient_of_variation(std::span<const double> values);

// The q-quantile by R's default definition (type 7): with the sample sorted as x[0..n-1] and
// h = (n - 1) * q, the result is x[floor(h)] interpolated linearly towards x[ceil(h)].
// quantile(v, 0.5) == median(v). Takes the sample by value because it reorders it.
// Empty -> NaN. Throws std::invalid_argument if q is outside [0, 1] or NaN (a programmer error).
double quantile(std::vector<double> values, double q);

}  // namespace perfwarden::stats
