#include "accuracy_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "stats/descriptive.h"

namespace perfwarden::accuracy {
namespace {

using policy::Verdict;

struct Row {
  std::string metric;
  std::string benchmark;
  double slowdown = 0.0;
  std::string scenario;
  std::vector<const Observation*> observations;

  int count(Verdict verdict) const {
    return static_cast<int>(
        std::count_if(observations.begin(), observations.end(),
                      [&](const Observation* o) { return o->verdict == verdict; }));
  }
  int naive_regressions() const {
    return static_cast<int>(
        std::count_if(observations.begin(), observations.end(),
                      [](const Observation* o) { return o->naive_regression; }));
  }
  bool naive_applicable() const {
    return std::any_of(observations.begin(), observations.end(),
                       [](const Observation* o) { return o->naive_applicable; });
  }
  int total() const { return static_cast<int>(observations.size()); }
  template <typename Field>
  double median_of(Field field) const {
    std::vector<double> values;
    for (const auto* o : observations) values.push_back(field(*o));
    return values.empty() ? 0.0 : stats::median(values);
  }
};

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string rate(int k, int n) {
  if (n == 0) return "–";
  return format("%.1f%%", 100.0 * k / n) + " (" + std::to_string(k) + "/" + std::to_string(n) + ")";
}

std::string percent(double fraction) { return format("%.0f%%", fraction * 100.0); }

// Rows in a stable order: time before instructions, benchmarks as first seen, slowdown rising.
std::vector<Row> group(const std::vector<Observation>& observations) {
  std::vector<std::string> benchmark_order;
  for (const auto& o : observations) {
    if (std::find(benchmark_order.begin(), benchmark_order.end(), o.benchmark) ==
        benchmark_order.end()) {
      benchmark_order.push_back(o.benchmark);
    }
  }
  auto key = [&](const Observation& o) {
    auto position = std::find(benchmark_order.begin(), benchmark_order.end(), o.benchmark) -
                    benchmark_order.begin();
    return std::make_tuple(o.metric == "time" ? 0 : 1, o.scenario, position, o.slowdown);
  };
  std::map<std::tuple<int, std::string, long, double>, Row> rows;
  for (const auto& o : observations) {
    Row& row = rows[key(o)];
    row.metric = o.metric;
    row.benchmark = o.benchmark;
    row.slowdown = o.slowdown;
    row.scenario = o.scenario;
    row.observations.push_back(&o);
  }
  std::vector<Row> ordered;
  for (auto& [k, row] : rows) ordered.push_back(std::move(row));
  return ordered;
}

// A benchmark's noise: the median paired CV over all of its time compares (the injected slowdown
// does not change it).
std::map<std::string, double> benchmark_noise(const std::vector<Observation>& observations) {
  std::map<std::string, std::vector<double>> cvs;
  for (const auto& o : observations) {
    if (o.metric == "time" && o.scenario.empty()) cvs[o.benchmark].push_back(o.paired_cv);
  }
  std::map<std::string, double> noise;
  for (auto& [name, values] : cvs) noise[name] = stats::median(values);
  return noise;
}

std::string main_table(const std::vector<Row>& rows) {
  std::string md =
      "| metric | benchmark | slowdown | paired CV (median) | perfwarden `regression` | "
      "`inconclusive` | `same` | naive rule `regression` | estimate (median) | rounds (median) | "
      "compare wall s (median) |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& row : rows) {
    int n = row.total();
    md += "| " + row.metric + " | " + row.benchmark + " | " +
          (row.scenario.empty() ? percent(row.slowdown) : row.scenario) + " | ";
    md += row.metric == "time"
              ? format("%.1f%%",
                       100.0 * row.median_of([](const Observation& o) { return o.paired_cv; }))
              : std::string("0 (deterministic)");
    md += " | " + rate(row.count(Verdict::kRegression), n) + " | " +
          rate(row.count(Verdict::kInconclusive), n) + " | " + rate(row.count(Verdict::kSame), n) +
          " | ";
    md += row.naive_applicable() ? rate(row.naive_regressions(), n)
                                 : std::string("n/a (one count per side)");
    md += " | " +
          format("%+.1f%%",
                 100.0 * (row.median_of([](const Observation& o) { return o.estimate; }) - 1.0));
    md += " | " + format("%.0f", row.median_of([](const Observation& o) { return o.rounds; }));
    md += " | " +
          format("%.1f", row.median_of([](const Observation& o) { return o.wall_seconds; })) +
          " |\n";
  }
  return md;
}

// Regression rate of the time metric by the compare's own paired CV, pooled over benchmarks.
std::string cv_bucket_table(const std::vector<Observation>& observations,
                            const std::vector<double>& levels) {
  struct Bucket {
    const char* label;
    double upper;
  };
  const Bucket buckets[] = {{"≤ 2%", 0.02}, {"2–3%", 0.03}, {"3–5%", 0.05}, {"> 5%", INFINITY}};
  std::string md = "| paired CV of the compare |";
  std::string rule = "|---|";
  for (double level : levels) {
    md += " " + percent(level) + " |";
    rule += "---:|";
  }
  md += "\n" + rule + "\n";
  double lower = -INFINITY;
  for (const auto& bucket : buckets) {
    md += std::string("| ") + bucket.label + " |";
    for (double level : levels) {
      int k = 0;
      int n = 0;
      for (const auto& o : observations) {
        if (o.metric != "time" || o.slowdown != level || !o.scenario.empty()) continue;
        if (o.paired_cv <= lower || o.paired_cv > bucket.upper) continue;
        ++n;
        k += o.verdict == Verdict::kRegression;
      }
      md += " " + rate(k, n) + " |";
    }
    md += "\n";
    lower = bucket.upper;
  }
  return md;
}

std::string verdict_word(bool met) { return met ? "**met**" : "**NOT met**"; }

// (a) placement: never a regression; (b) the memory-bound BM_Walk caught; (c) comment-only and
// docs-only heads decided without a benchmark process, within build time + 5 s.
std::string scenario_goals(const std::vector<Row>& rows) {
  std::string md;
  int placement_regressions = 0;
  int placement_verdicts = 0;
  int placement_compares = 0;
  int walk_caught = 0;
  int walk_compares = 0;
  int no_code_compares = 0;
  int no_code_measured = 0;
  double no_code_overhead = 0.0;  // the largest compare time beyond its builds
  for (const auto& row : rows) {
    if (row.metric != "time") continue;
    if (row.scenario == "placement") {
      placement_regressions += row.count(Verdict::kRegression);
      placement_verdicts += row.total();
      placement_compares = std::max(placement_compares, row.total());
    } else if (row.scenario == "memory" && row.benchmark == "BM_Walk") {
      walk_caught += row.count(Verdict::kRegression);
      walk_compares += row.total();
    } else if ((row.scenario == "comment" || row.scenario == "docs") &&
               row.benchmark == "BM_Quiet") {  // one row per compare is enough
      for (const auto* o : row.observations) {
        ++no_code_compares;
        no_code_measured += o->rounds_run > 0 || o->benchmark_process_seconds > 0;
        no_code_overhead = std::max(no_code_overhead, o->wall_seconds - o->build_seconds);
      }
    }
  }
  if (placement_compares > 0) {
    md += "- (a) placement, 0 `regression` in ≥ 50 compares: " +
          verdict_word(placement_regressions == 0 && placement_compares >= 50) + " (" +
          std::to_string(placement_regressions) + " in " + std::to_string(placement_verdicts) +
          " verdicts of " + std::to_string(placement_compares) + " compares).\n";
  }
  if (walk_compares > 0) {
    md += "- (b) memory-bound slowdown with the same instructions (BM_Walk), caught in ≥ 95%: " +
          verdict_word(walk_caught >= 0.95 * walk_compares) + " (" +
          rate(walk_caught, walk_compares) + ").\n";
  }
  if (no_code_compares > 0) {
    md +=
        "- (c) comment-only and docs-only heads: no benchmark process, within build time + 5 s: " +
        verdict_word(no_code_measured == 0 && no_code_overhead <= 5.0) + " (" +
        std::to_string(no_code_measured) + " of " + std::to_string(no_code_compares) +
        " compares measured; at most " + format("%.2f", no_code_overhead) +
        " s beyond the builds).\n";
  }
  return md;
}

std::string goals(const std::vector<Row>& rows, const std::map<std::string, double>& noise) {
  std::string md;
  // A/A.
  int aa_false = 0;
  int aa_compares = 0;
  bool aa_per_benchmark_ok = true;
  std::string aa_detail;
  for (const auto& row : rows) {
    if (row.metric != "time" || row.slowdown != 0.0 || !row.scenario.empty()) continue;
    int k = row.count(Verdict::kRegression);
    aa_false += k;
    aa_compares = std::max(aa_compares, row.total());
    aa_per_benchmark_ok = aa_per_benchmark_ok && k <= 0.01 * row.total();
    aa_detail += (aa_detail.empty() ? "" : ", ") + row.benchmark + " " + rate(k, row.total());
  }
  // A/A, inconclusive among the benchmarks quiet enough to judge.
  int aa_quiet = 0;
  int aa_quiet_inconclusive = 0;
  for (const auto& row : rows) {
    if (row.metric != "time" || row.slowdown != 0.0 || !row.scenario.empty()) continue;
    for (const auto* o : row.observations) {
      if (o->paired_cv > 0.05) continue;
      ++aa_quiet;
      aa_quiet_inconclusive += o->verdict == Verdict::kInconclusive;
    }
  }
  if (aa_quiet > 0) {
    md += "- A/A, `inconclusive` in ≤ 10% of the verdicts whose paired CV ≤ 5%: " +
          verdict_word(aa_quiet_inconclusive <= 0.10 * aa_quiet) + " (" +
          rate(aa_quiet_inconclusive, aa_quiet) + ").\n";
  }
  if (aa_compares > 0) {
    md += "- A/A, false `regression` ≤ 1% per benchmark: " + verdict_word(aa_per_benchmark_ok) +
          " (" + aa_detail + ").\n";
    md += "- A/A, no false `regression` at all in the " + std::to_string(aa_compares) +
          " compares: " + verdict_word(aa_false == 0) + " (" + std::to_string(aa_false) +
          " in total)" +
          (aa_compares < 100 ? "; fewer than the goal's 100 compares were run" : "") + ".\n";
  }
  // Power where the noise allows it, no silent pass where it does not.
  struct PowerGoal {
    double slowdown;
    double max_cv;
  };
  for (PowerGoal goal : {PowerGoal{0.05, 0.03}, PowerGoal{0.10, 0.05}}) {
    for (const auto& row : rows) {
      if (row.metric != "time" || row.slowdown != goal.slowdown || !row.scenario.empty()) continue;
      double cv = noise.at(row.benchmark);
      int n = row.total();
      int caught = row.count(Verdict::kRegression);
      int silent = row.count(Verdict::kSame) + row.count(Verdict::kImprovement);
      std::string line = "- " + percent(goal.slowdown) + " slowdown, " + row.benchmark +
                         " (paired CV " + format("%.1f%%", cv * 100.0) + "): ";
      if (cv <= goal.max_cv) {
        line += "caught in ≥ 95% (CV ≤ " + percent(goal.max_cv) +
                "): " + verdict_word(n > 0 && caught >= 0.95 * n) + " (" + rate(caught, n) + ")";
      } else {
        line += "noisier than the goal's " + percent(goal.max_cv) +
                ", so it must be `inconclusive` or caught, "
                "never a silent `same`: " +
                verdict_word(silent == 0) + " (" + rate(silent, n) + " `same`)";
      }
      md += line + ".\n";
    }
    // The same goal by each compare's own paired CV: the machine's load changes from compare to
    // compare, so a benchmark's median can hide compares quiet enough to judge. Selecting on the
    // measured CV is conditioning on an outcome, so read it as a secondary figure.
    int caught = 0;
    int n = 0;
    for (const auto& row : rows) {
      if (row.metric != "time" || row.slowdown != goal.slowdown || !row.scenario.empty()) continue;
      for (const auto* o : row.observations) {
        if (o->paired_cv > goal.max_cv) continue;
        ++n;
        caught += o->verdict == Verdict::kRegression;
      }
    }
    md += "- " + percent(goal.slowdown) + " slowdown, compares whose own paired CV ≤ " +
          percent(goal.max_cv) + " (all benchmarks pooled): caught in ≥ 95%: " +
          (n == 0 ? std::string("not measurable (no such compare)")
                  : verdict_word(caught >= 0.95 * n)) +
          " (" + rate(caught, n) + ").\n";
  }
  md += scenario_goals(rows);
  return md;
}

}  // namespace

std::string render_accuracy_markdown(const std::vector<Observation>& observations,
                                     const RunDescription& run) {
  auto rows = group(observations);
  auto noise = benchmark_noise(observations);
  std::vector<double> levels;
  for (const auto& o : observations) {
    if (o.metric == "time" && std::find(levels.begin(), levels.end(), o.slowdown) == levels.end()) {
      levels.push_back(o.slowdown);
    }
  }
  std::sort(levels.begin(), levels.end());

  std::string md;
  md += "Command: `" + run.command + "`\n\n";
  md += "Machine: " + run.machine + ". " + run.settings + "\n\n";
  md += "Compares: " + std::to_string(run.compares_done) + " of " +
        std::to_string(run.compares_planned) +
        (run.compares_done < run.compares_planned ? " (IN PROGRESS)" : "") + "; total run time " +
        format("%.1f", run.elapsed_seconds / 60.0) + " min.\n\n";
  md +=
      "The `regression` column is the false-positive rate at 0% and the power otherwise. "
      "The naive rule is Mann–Whitney U (two-sided p < 0.05, no correction, head median above "
      "base median) on the same primary-stage rounds perfwarden analysed.\n\n";
  md += main_table(rows);
  if (!levels.empty()) {
    md +=
        "\nperfwarden `regression` rate (time) by each compare's own paired CV, all benchmarks "
        "pooled:\n\n";
    md += cv_bucket_table(observations, levels);
  }
  md += "\nGoals (time metric, default settings):\n\n" + goals(rows, noise);
  if (!run.failed_compares.empty()) {
    md += "\nCompares that failed (not counted above):\n\n";
    for (const auto& failure : run.failed_compares) md += "- " + failure + "\n";
  }
  return md;
}

}  // namespace perfwarden::accuracy
