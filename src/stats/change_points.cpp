#include "stats/change_points.h"

#include <algorithm>
#include <cmath>

#include "stats/student_t.h"

namespace perfwarden::stats {
namespace {

// q from the three sums, for n = |x| and m = |y| (both at least 1).
long double q_from_sums(long double between, long double within_x, long double within_y,
                        std::size_t n, std::size_t m) {
  const auto nn = static_cast<long double>(n);
  const auto mm = static_cast<long double>(m);
  long double q = 2.0L / (nn + mm) * between;
  if (n > 1) q -= 2.0L * mm / ((nn + mm) * (nn - 1.0L)) * within_x;
  if (m > 1) q -= 2.0L * nn / ((nn + mm) * (mm - 1.0L)) * within_y;
  return q;
}

long double within_sum(std::span<const double> values) {
  long double sum = 0.0L;
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t k = i + 1; k < values.size(); ++k) sum += std::fabs(values[i] - values[k]);
  }
  return sum;
}

// The left and right sides of a change point at `index` between the bounds `begin` and `end`.
ChangePoint tested(std::span<const double> values, std::size_t begin, std::size_t index,
                   std::size_t end, double q) {
  const auto left = values.subspan(begin, index - begin);
  const auto right = values.subspan(index, end - index);
  const TTestResult test = pooled_t_test(left, right);
  ChangePoint point;
  point.index = index;
  point.q = q;
  long double sum_left = 0.0L, sum_right = 0.0L;
  for (double v : left) sum_left += v;
  for (double v : right) sum_right += v;
  point.mean_before = static_cast<double>(sum_left / static_cast<long double>(left.size()));
  point.mean_after = static_cast<double>(sum_right / static_cast<long double>(right.size()));
  point.t = test.t;
  point.df = test.df;
  point.p_value = test.p_value;
  return point;
}

// Re-tests change point k against its current neighbours.
void retest(std::vector<ChangePoint>& points, std::span<const double> values, std::size_t k) {
  if (k >= points.size()) return;
  const std::size_t begin = k == 0 ? 0 : points[k - 1].index;
  const std::size_t end = k + 1 == points.size() ? values.size() : points[k + 1].index;
  points[k] = tested(values, begin, points[k].index, end, points[k].q);
}

// Otava's first-pass level: weak change points are kept at a looser level and filtered by the
// merge at the real one.
double first_pass_level(double max_p_value) {
  if (max_p_value < 0.05) return max_p_value * 10.0;
  if (max_p_value < 0.5) return max_p_value * 2.0;
  return max_p_value;
}

}  // namespace

double ChangePoint::magnitude() const {
  if (mean_before == 0.0 || mean_after == 0.0) return 0.0;
  return std::max(std::fabs(mean_after / mean_before - 1.0),
                  std::fabs(mean_before / mean_after - 1.0));
}

double e_divisive_q(std::span<const double> x, std::span<const double> y) {
  if (x.empty() || y.empty()) return 0.0;
  long double between = 0.0L;
  for (double a : x) {
    for (double b : y) between += std::fabs(a - b);
  }
  return static_cast<double>(
      q_from_sums(between, within_sum(x), within_sum(y), x.size(), y.size()));
}

std::optional<SplitCandidate> best_split(std::span<const double> values, std::size_t begin,
                                         std::size_t end) {
  end = std::min(end, values.size());
  if (end < begin + 2) return std::nullopt;
  const auto segment = values.subspan(begin, end - begin);
  const std::size_t length = segment.size();
  // Running sums for every tau (local index), grown one right-hand value r at a time:
  // between[tau] = sum over i < tau <= j <= r of |v_i - v_j|, within_y[tau] = the pairs inside
  // [tau, r], within_x[tau] = the pairs inside [0, tau). Each new r costs one row of distances.
  std::vector<long double> between(length + 1, 0.0L), within_y(length + 1, 0.0L),
      within_x(length + 1, 0.0L), row(length + 1, 0.0L);
  std::optional<SplitCandidate> best;
  long double best_q = 0.0L;
  std::size_t best_tau = 0, best_kappa = 0;
  for (std::size_t r = 0; r < length; ++r) {
    row[0] = 0.0L;  // row[c] = sum over i < c of |v_r - v_i|
    for (std::size_t c = 0; c <= r; ++c) row[c + 1] = row[c] + std::fabs(segment[r] - segment[c]);
    within_x[r + 1] = within_x[r] + row[r];
    const std::size_t kappa = r + 1;
    for (std::size_t tau = 1; tau <= r; ++tau) {
      between[tau] += row[tau];
      within_y[tau] += row[r] - row[tau];
      const long double q =
          q_from_sums(between[tau], within_x[tau], within_y[tau], tau, kappa - tau);
      // Ties keep the smallest tau, then the smallest kappa (r runs outermost).
      if (!best || q > best_q ||
          (q == best_q && (tau < best_tau || (tau == best_tau && kappa < best_kappa)))) {
        best = SplitCandidate{begin + tau, begin + kappa, static_cast<double>(q)};
        best_q = q;
        best_tau = tau;
        best_kappa = kappa;
      }
    }
  }
  return best;
}

std::vector<ChangePoint> detect_change_points(std::span<const double> values,
                                              const ChangePointOptions& options) {
  if (values.size() < 3) return {};
  if (!std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
    return {};
  }

  // 1 and 2: split the segment with the largest q while the split is (weakly) significant.
  const double weak_level = first_pass_level(options.max_p_value);
  std::vector<ChangePoint> points;
  while (true) {
    std::optional<SplitCandidate> candidate;
    std::size_t segment_begin = 0;
    for (std::size_t k = 0; k <= points.size(); ++k) {
      const std::size_t begin = k == 0 ? 0 : points[k - 1].index;
      const std::size_t end = k == points.size() ? values.size() : points[k].index;
      // A segment of two values is never split: its t-test would have no degree of freedom.
      if (end - begin < 3) continue;
      auto split = best_split(values, begin, end);
      if (split && (!candidate || split->q > candidate->q)) {
        candidate = split;
        segment_begin = begin;
      }
    }
    if (!candidate) break;
    // The right sample ends where the split's kappa does, as Matteson & James's two samples do
    // (Hunter tests to the segment's end: a step up and a later step down then hide each other).
    ChangePoint point =
        tested(values, segment_begin, candidate->index, candidate->end, candidate->q);
    if (!(point.p_value <= weak_level)) break;
    points.insert(
        std::upper_bound(points.begin(), points.end(), point.index,
                         [](std::size_t index, const ChangePoint& p) { return index < p.index; }),
        point);
  }

  // 3: re-test against the final neighbours; drop the weakest until every one passes.
  for (std::size_t k = 0; k < points.size(); ++k) retest(points, values, k);
  while (!points.empty()) {
    auto weakest = std::max_element(
        points.begin(), points.end(),
        [](const ChangePoint& a, const ChangePoint& b) { return a.p_value < b.p_value; });
    if (weakest->p_value <= options.max_p_value) {
      weakest = std::min_element(
          points.begin(), points.end(),
          [](const ChangePoint& a, const ChangePoint& b) { return a.magnitude() < b.magnitude(); });
      if (weakest->magnitude() >= options.min_magnitude) break;
    }
    const auto k = static_cast<std::size_t>(weakest - points.begin());
    points.erase(weakest);
    if (k > 0) retest(points, values, k - 1);
    retest(points, values, k);
  }
  return points;
}

}  // namespace perfwarden::stats
