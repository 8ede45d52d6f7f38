#include "stats/signed_rank_distribution.h"

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include "stats/exact_tests.h"

namespace perfwarden::stats {

namespace {

void require_valid_n(int n, const char* function) {
  if (n < 0) {
    throw std::invalid_argument(std::string(function) + ": n must be >= 0, got " +
                                std::to_string(n));
  }
}

int max_statistic(int n) { return n * (n + 1) / 2; }

// counts[v] = number of subsets of {1, ..., n} whose elements sum to v. Adding the element k
// either leaves a subset's sum unchanged or raises it by k, hence the in-place update from the top.
std::vector<long double> subset_sum_counts(int n) {
  std::vector<long double> counts(static_cast<std::size_t>(max_statistic(n)) + 1, 0.0L);
  counts[0] = 1.0L;
  for (int k = 1; k <= n; ++k) {
    for (int v = max_statistic(k); v >= k; --v) {
      counts[static_cast<std::size_t>(v)] += counts[static_cast<std::size_t>(v - k)];
    }
  }
  return counts;
}

double to_probability(long double count, int n) {
  return static_cast<double>(std::ldexp(count, -n));
}

}  // namespace

std::vector<double> signed_rank_pmf(int n) {
  require_valid_n(n, "signed_rank_pmf");
  const std::vector<long double> counts = subset_sum_counts(n);
  std::vector<double> pmf;
  pmf.reserve(counts.size());
  for (long double count : counts) pmf.push_back(to_probability(count, n));
  return pmf;
}

double signed_rank_cdf(int n, int v) {
  require_valid_n(n, "signed_rank_cdf");
  if (v < 0) return 0.0;
  const int top = max_statistic(n);
  if (v >= top) return 1.0;
  const std::vector<long double> counts = subset_sum_counts(n);
  // Sum whichever tail is shorter (as R does); the other one follows by complement of counts,
  // which is exact because the counts are integers held exactly.
  if (v <= top / 2) return to_probability(cumulative_count(counts, v), n);
  const long double upper = cumulative_count(counts, top - v - 1);  // = #{V > v} by symmetry
  return to_probability(std::ldexp(1.0L, n) - upper, n);
}

double signed_rank_upper_tail(int n, int v) {
  require_valid_n(n, "signed_rank_upper_tail");
  // P(V >= v) = P(top - V <= top - v) = P(V <= top - v) because V and top - V share a law.
  return signed_rank_cdf(n, max_statistic(n) - v);
}

int signed_rank_quantile(int n, double p) {
  require_valid_n(n, "signed_rank_quantile");
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("signed_rank_quantile: p must be in [0, 1], got " +
                                std::to_string(p));
  }
  const int top = max_statistic(n);
  if (p == 0.0) return 0;
  if (p == 1.0) return top;
  const std::vector<long double> counts = subset_sum_counts(n);
  // A transcription of R's qsignrank (nmath/signrank.c): walk up from the lower tail for
  // p <= 1/2, from the upper tail otherwise, with the same 10 * DBL_EPSILON slack.
  long double cumulative = 0.0L;
  if (p <= 0.5) {
    const double target = p - 10 * DBL_EPSILON;
    for (int q = 0;; ++q) {
      cumulative += counts[static_cast<std::size_t>(q)];
      if (to_probability(cumulative, n) >= target) return q;
    }
  }
  const double target = 1.0 - p + 10 * DBL_EPSILON;
  for (int q = 0;; ++q) {
    cumulative += counts[static_cast<std::size_t>(q)];
    if (to_probability(cumulative, n) > target) return top - q;
  }
}

}  // namespace perfwarden::stats
