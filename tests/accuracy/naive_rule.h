#pragma once

#include <span>

namespace perfwarden::accuracy {

// The rule perfwarden is measured against, as peers apply it to unpaired repetitions (Google
// Benchmark's compare.py): Mann–Whitney U, two-sided, p < 0.05 with no correction for the number
// of benchmarks or looks, and head's median above base's → "regression". Fewer than two values
// on a side (the instructions metric counts once) cannot be tested: false.
bool naive_regression(std::span<const double> base, std::span<const double> head);

}  // namespace perfwarden::accuracy
