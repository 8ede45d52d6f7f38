#pragma once

// Multiple-testing correction across the benchmarks of one comparison: with 200 benchmarks at
// alpha = 0.05, about ten would "regress" by chance alone. Benjamini-Hochberg controls the false
// discovery rate instead of the (much stricter) family-wise error rate.

#include <span>
#include <vector>

namespace perfwarden::stats {

// Benjamini-Hochberg adjusted p-values, identical to R's p.adjust(p, "BH"): sorted decreasingly,
// p_(i) * m / i with a running minimum from the largest p down, capped at 1, returned in the
// input order. Rejecting where adjusted <= q controls the FDR at q.
// NaN entries (a benchmark that produced no test) stay NaN and are not counted in m, as R does
// with NA. Empty input gives an empty result.
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

}  // namespace perfwarden::stats
