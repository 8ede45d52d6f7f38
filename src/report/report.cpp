#include "report/report.h"

#include <algorithm>

namespace perfwarden::report {

int Report::count(policy::Verdict verdict) const {
  return static_cast<int>(
      std::count_if(benchmarks.begin(), benchmarks.end(),
                    [&](const BenchmarkResult& b) { return b.verdict == verdict; }));
}

int Report::blocking_regressions() const {
  return static_cast<int>(
      std::count_if(benchmarks.begin(), benchmarks.end(), [](const BenchmarkResult& b) {
        return (b.verdict == policy::Verdict::kRegression ||
                b.verdict == policy::Verdict::kPlacement) &&
               !b.advisory && !b.waiver;
      }));
}

std::string_view to_string(Tier tier) { return tier == Tier::kChange ? "change" : "drift"; }

}  // namespace perfwarden::report
