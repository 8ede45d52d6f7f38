#pragma once

// Change points of a series with one value per point in time (for `perfwarden history`: the
// median of a stored baseline at each refresh), by Hunter's method (Fleming et al., "Hunter:
// Using Change Point Detection to Hunt for Performance Regressions", ICPE 2023; now Apache
// Otava), which builds on E-divisive means (Matteson & James, "A Nonparametric Approach for
// Multiple Change Point Analysis of Multivariate Data", JASA 2014):
//
// 1. Split. E-divisive with alpha = 1: within a segment [s, e) the candidate is the tau that
//    maximises q(values[s, tau), values[tau, kappa)) over s < tau < kappa <= e (e_divisive_q
//    below); the segment with the largest candidate q is split first, hierarchically.
// 2. Significance. Instead of the original's permutation test (random, and with a handful of
//    points too coarse to reach a small p: 6 points have 720 orderings), a two-sided Student
//    t-test (pooled) of the split's two samples, values[s, tau) against values[tau, kappa), as
//    Hunter does; it needs no seed. (Hunter's right sample runs to the segment's end instead of
//    kappa; then a step up followed by a step down hides both. Simulated, 2000 series each of
//    normal noise, a 3-sigma bump over the middle third: at 24 points both steps are found
//    exactly in 64% of series with kappa, 13% without; false alarms on pure noise 2.0% and
//    1.3%; at 64 points 70% and 63%, false alarms 5.6% and 1.8%. Baseline series are short.)
//    Splitting stops at the first candidate above a relaxed level (10 x max_p_value below 0.05,
//    as Otava's "weak" change points); a segment of two values is never split.
// 3. Merge. Every change point is re-tested on the segments between its final neighbours (the
//    p-value reported); while one is weaker than max_p_value (or changes less than
//    min_magnitude), the weakest is removed and its neighbours re-tested.
//
// Hunter's sliding windows are left out: they keep long series (thousands of points) tractable
// and sensitive, and a baseline series has one point per refresh.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace perfwarden::stats {

struct ChangePointOptions {
  double max_p_value = 0.001;  // Hunter's default
  double min_magnitude = 0.0;  // see ChangePoint::magnitude(); 0 keeps every significant split
};

struct ChangePoint {
  std::size_t index = 0;     // the first value of the new level
  double q = 0.0;            // the E-divisive statistic of the split when it was found
  double mean_before = 0.0;  // mean of the segment from the previous change point to index
  double mean_after = 0.0;   // mean of the segment from index to the next change point
  double t = 0.0;            // Student's t of after against before, pooled variance
  double df = 0.0;
  double p_value = 1.0;  // two-sided

  // mean_after / mean_before (1 = no change).
  double ratio() const { return mean_after / mean_before; }
  // Otava's magnitude: the larger of |after/before - 1| and |before/after - 1|, so a step up and
  // the same step down weigh alike; 0 when a mean is 0.
  double magnitude() const;
};

// Matteson & James's q (alpha = 1) of a split into x = values before it and y = after:
//   q = 2/(n+m) sum|x_i - y_j| - 2m/((n+m)(n-1)) sum_{i<k}|x_i - x_k|
//       - 2n/((n+m)(m-1)) sum_{j<k}|y_j - y_k|
// with n = |x|, m = |y|; a within-sum term is 0 for a single value. Large when the two sides
// differ in distribution, near 0 (or below) when they do not. 0 when either side is empty.
double e_divisive_q(std::span<const double> x, std::span<const double> y);

struct SplitCandidate {
  std::size_t index = 0;  // tau: values[index] is the first of the right sample
  std::size_t end = 0;    // kappa: the right sample is values[index, end)
  double q = 0.0;
};

// The best split of values[begin, end) (step 1 above): argmax over begin < tau < kappa <= end of
// e_divisive_q(values[begin, tau), values[tau, kappa)), in O((end - begin)^2) time and linear
// memory; ties go to the smallest tau, then kappa. nullopt for fewer than 2 values.
std::optional<SplitCandidate> best_split(std::span<const double> values, std::size_t begin,
                                         std::size_t end);

// The change points of `values`, by index, ascending. None for fewer than 3 values (the t-test
// needs a degree of freedom), a constant series, or a series holding a NaN or infinity.
// Deterministic: the same values always give the same result.
std::vector<ChangePoint> detect_change_points(std::span<const double> values,
                                              const ChangePointOptions& options = {});

}  // namespace perfwarden::stats
