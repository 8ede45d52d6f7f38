#include "gate/bisect_search.h"

#include <algorithm>
#include <deque>
#include <set>
#include <utility>

namespace perfwarden::gate {
namespace {

struct Segment {
  std::size_t low;
  std::size_t high;
};

// The buildable commit of (low, high) nearest its middle; false when every one is skipped.
bool pick_probe(const Segment& segment, const std::set<std::size_t>& unbuildable,
                std::size_t& probe) {
  const std::size_t middle = segment.low + (segment.high - segment.low) / 2;
  for (std::size_t offset = 0; offset < segment.high - segment.low; ++offset) {
    for (std::size_t candidate : {middle + offset, middle - std::min(middle, offset)}) {
      if (candidate > segment.low && candidate < segment.high && !unbuildable.count(candidate)) {
        probe = candidate;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

BisectSearch bisect_search(std::size_t last, BisectOracle& oracle, int max_steps) {
  BisectSearch search;
  std::set<std::size_t> unbuildable;  // known across segments: a commit is built once
  std::deque<Segment> pending = {{0, last}};
  while (!pending.empty()) {
    if (static_cast<int>(search.steps.size()) == max_steps) {
      search.step_limit_reached = true;
      break;
    }
    Segment outer = pending.front();  // its high moves down when a probe splits it
    pending.pop_front();
    Segment segment = outer;
    BisectStep step;
    std::size_t probe = 0;
    while (pick_probe(segment, unbuildable, probe)) {
      ++step.probes;
      ++search.probes;
      const ProbeVerdict verdict = oracle.classify(segment.low, probe, segment.high);
      if (verdict == ProbeVerdict::kUnbuildable) {
        unbuildable.insert(probe);
      } else if (verdict == ProbeVerdict::kUndecided) {
        step.undecided = true;
        break;
      } else if (verdict == ProbeVerdict::kLikeLow) {
        segment.low = probe;
      } else if (verdict == ProbeVerdict::kLikeHigh) {
        segment.high = probe;
      } else {  // kBetween: a change on each side; this step searches below, the other later
        pending.push_back({probe, segment.high});
        segment.high = probe;
        outer.high = probe;
      }
    }
    step.low = segment.low;
    step.high = segment.high;
    for (std::size_t i = step.low + 1; i < step.high; ++i) {
      if (unbuildable.count(i)) step.unbuildable.push_back(i);
    }
    search.steps.push_back(step);
    if (step.undecided) continue;
    // Smaller changes beside the one found (those the probes saw as "like" an end).
    for (Segment side : {Segment{outer.low, step.low}, Segment{step.high, outer.high}}) {
      if (side.high <= side.low) continue;
      ++search.comparisons;
      if (oracle.differ(side.low, side.high)) pending.push_back(side);
    }
  }
  std::sort(search.steps.begin(), search.steps.end(),
            [](const BisectStep& a, const BisectStep& b) { return a.low < b.low; });
  return search;
}

}  // namespace perfwarden::gate
