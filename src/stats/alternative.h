#pragma once

// The alternative hypothesis of a rank test, spelled as R's `alternative =` argument. Header-only
// because it is a tag shared by wilcoxon.h and mann_whitney.h.

namespace perfwarden::stats {

enum class Alternative {
  kTwoSided,  // location differs from the null in either direction
  kGreater,   // location is greater (the first sample / the differences tend to be positive)
  kLess,      // location is less
};

}  // namespace perfwarden::stats
