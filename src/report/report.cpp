#include "report/report.h"

#include <algorithm>

namespace perfwarden::report {

int Report::count(policy::Verdict verdict) const {
  return static_cast<int>(
      std::count_if(benchmarks.begin(), benchmarks.end(),
                    [&](const BenchmarkResult& b) { return b.verdict == verdict; }));
}

}  // namespace perfwarden::report
