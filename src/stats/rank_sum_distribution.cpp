#include "stats/rank_sum_distribution.h"

#include <cfloat>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include "stats/exact_tests.h"

namespace perfwarden::stats {

namespace {

void require_valid_sizes(int m, int n, const char* function) {
  if (m < 0 || n < 0) {
    throw std::invalid_argument(std::string(function) + ": sample sizes must be >= 0, got " +
                                std::to_string(m) + " and " + std::to_string(n));
  }
}

// counts[k] = number of interleavings of m x's and n y's with exactly k pairs x > y.
std::vector<long double> interleaving_counts(int m, int n) {
  using Counts = std::vector<long double>;
  // row[j] holds the counts for (i, j) while sweeping i = 0..m; for i == 0 only k == 0 occurs.
  std::vector<Counts> row(static_cast<std::size_t>(n) + 1, Counts{1.0L});
  for (int i = 1; i <= m; ++i) {
    std::vector<Counts> next(static_cast<std::size_t>(n) + 1);
    next[0] = Counts{1.0L};  // no y's: no pairs at all
    for (int j = 1; j <= n; ++j) {
      Counts& current = next[static_cast<std::size_t>(j)];
      current.assign(static_cast<std::size_t>(i) * static_cast<std::size_t>(j) + 1, 0.0L);
      // Largest value is an x: it beats all j y's, the rest is an (i - 1, j) arrangement.
      const Counts& x_largest = row[static_cast<std::size_t>(j)];
      for (std::size_t k = 0; k < x_largest.size(); ++k) {
        current[k + static_cast<std::size_t>(j)] += x_largest[k];
      }
      // Largest value is a y: it beats nothing, the rest is an (i, j - 1) arrangement.
      const Counts& y_largest = next[static_cast<std::size_t>(j) - 1];
      for (std::size_t k = 0; k < y_largest.size(); ++k) current[k] += y_largest[k];
    }
    row = std::move(next);
  }
  return row[static_cast<std::size_t>(n)];
}

long double total_of(const std::vector<long double>& counts) {
  long double sum = 0.0L;
  for (long double c : counts) sum += c;
  return sum;
}

}  // namespace

std::vector<double> rank_sum_pmf(int m, int n) {
  require_valid_sizes(m, n, "rank_sum_pmf");
  const std::vector<long double> counts = interleaving_counts(m, n);
  const long double total = total_of(counts);
  std::vector<double> pmf;
  pmf.reserve(counts.size());
  for (long double c : counts) pmf.push_back(static_cast<double>(c / total));
  return pmf;
}

double rank_sum_cdf(int m, int n, int w) {
  require_valid_sizes(m, n, "rank_sum_cdf");
  if (w < 0) return 0.0;
  const int top = m * n;
  if (w >= top) return 1.0;
  const std::vector<long double> counts = interleaving_counts(m, n);
  const long double total = total_of(counts);
  // Sum the shorter tail, as R's pwilcox does, so that neither tail suffers cancellation.
  if (w <= top / 2) return static_cast<double>(cumulative_count(counts, w) / total);
  const long double above = cumulative_count(counts, top - w - 1);  // = #{W > w} by symmetry
  return static_cast<double>(1.0L - above / total);
}

double rank_sum_upper_tail(int m, int n, int w) {
  require_valid_sizes(m, n, "rank_sum_upper_tail");
  return rank_sum_cdf(m, n, m * n - w);  // P(W >= w) = P(mn - W <= mn - w), same law
}

int rank_sum_quantile(int m, int n, double p) {
  require_valid_sizes(m, n, "rank_sum_quantile");
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("rank_sum_quantile: p must be in [0, 1], got " + std::to_string(p));
  }
  const int top = m * n;
  if (p == 0.0) return 0;
  if (p == 1.0) return top;
  const std::vector<long double> counts = interleaving_counts(m, n);
  const long double total = total_of(counts);
  // A transcription of R's qwilcox (nmath/wilcox.c), same walk and same slack.
  long double cumulative = 0.0L;
  if (p <= 0.5) {
    const double target = p - 10 * DBL_EPSILON;
    for (int q = 0;; ++q) {
      cumulative += counts[static_cast<std::size_t>(q)];
      if (static_cast<double>(cumulative / total) >= target) return q;
    }
  }
  const double target = 1.0 - p + 10 * DBL_EPSILON;
  for (int q = 0;; ++q) {
    cumulative += counts[static_cast<std::size_t>(q)];
    if (static_cast<double>(cumulative / total) > target) return top - q;
  }
}

}  // namespace perfwarden::stats
