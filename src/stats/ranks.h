#pragma once

// Mid-ranks with ties, shared by the signed-rank and rank-sum tests (R's rank(), ties.method =
// "average"), together with the tie term both normal approximations need.

#include <span>
#include <vector>

namespace perfwarden::stats {

struct Ranking {
  std::vector<double> ranks;  // 1-based; tied values share the average of the ranks they span
  double tie_term = 0.0;      // sum over groups of equal values of t^3 - t (t = group size)
  bool has_ties = false;      // some value occurs more than once
};

// Ranks `values` in their original order. Values are compared exactly (R's default
// digits.rank = Inf); callers drop NaN first, since NaN has no rank.
Ranking rank_with_ties(std::span<const double> values);

}  // namespace perfwarden::stats
