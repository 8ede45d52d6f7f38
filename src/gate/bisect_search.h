#pragma once

// The search of `perfwarden bisect`, apart from building and measuring: over the first-parent
// commits 0..n between a good (0) and a bad (n) revision, in the manner of Chromium's Pinpoint.
// A probe is measured against both ends of the segment it lies in and is like the low end, like
// the high end, different from both (a change on each side of it), undecided (the budget ran
// out), or unbuildable (skipped, and the range it leaves reported). A regression made of
// several steps is found step by step: every segment whose ends differ is searched.

#include <cstddef>
#include <vector>

namespace perfwarden::gate {

enum class ProbeVerdict { kLikeLow, kLikeHigh, kBetween, kUndecided, kUnbuildable };

// What the search asks; the pipeline answers by building and measuring, tests by a script.
class BisectOracle {
 public:
  virtual ~BisectOracle() = default;
  // Whether a real change lies between two built commits (beyond noise and the threshold).
  virtual bool differ(std::size_t low, std::size_t high) = 0;
  // Where `probe` (low < probe < high) falls between the segment's ends.
  virtual ProbeVerdict classify(std::size_t low, std::size_t probe, std::size_t high) = 0;
};

// One change found: between `low` (like before it) and `high` (like after it). Resolved when
// they are neighbours: then `high` is the culprit. Otherwise the change is one of low+1..high
// (those between did not build, or a probe could not be placed).
struct BisectStep {
  std::size_t low = 0;
  std::size_t high = 0;
  std::vector<std::size_t> unbuildable;  // commits in (low, high) that did not build
  bool undecided = false;                // a probe in (low, high) could not be placed
  int probes = 0;                        // classifications this step took
  bool resolved() const { return !undecided && high == low + 1; }
};

struct BisectSearch {
  std::vector<BisectStep> steps;  // in commit order
  int probes = 0;
  int comparisons = 0;  // differ() checks of segment ends
  bool step_limit_reached = false;
};

// Searches 0..last, whose ends the caller found different, for at most `max_steps` changes.
BisectSearch bisect_search(std::size_t last, BisectOracle& oracle, int max_steps = 8);

}  // namespace perfwarden::gate
