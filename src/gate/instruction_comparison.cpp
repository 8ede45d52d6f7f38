#include "gate/instruction_comparison.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "bench/loop_profiler.h"
#include "report/format.h"
#include "util/terminal.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;

constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();

}  // namespace

report::BenchmarkResult instruction_result(const std::string& suite, const std::string& name,
                                           std::optional<double> base, std::optional<double> head,
                                           const config::InstructionThresholds& thresholds,
                                           bool advisory) {
  report::BenchmarkResult r;
  r.suite = suite;
  r.name = name;
  r.metric = "instructions";
  r.advisory = advisory;
  r.threshold = thresholds.fail;
  r.p_value = r.p_adjusted = kNotApplicable;  // deterministic: no test
  r.confidence = 1.0;
  if (!base || !head) {
    r.verdict = head ? Verdict::kNew : Verdict::kGone;
    r.reason = head ? "only in head" : "only in base";
    if (base) r.base_values = {*base}, r.base_median = *base;
    if (head) r.head_values = {*head}, r.head_median = *head;
    return r;
  }
  r.rounds = 1;
  r.base_values = {*base};
  r.head_values = {*head};
  r.base_median = *base;
  r.head_median = *head;
  r.ratio = *base > 0 ? *head / *base : (*head > 0 ? std::numeric_limits<double>::infinity() : 1.0);
  r.ci_low = r.ci_high = r.ratio;
  double change = std::fabs(std::log(r.ratio));
  std::string figures = report::format_count(*base) + " -> " + report::format_count(*head) +
                        " instructions per iteration (" + report::format_change(r.ratio) + ")";
  if (change >= std::log1p(thresholds.fail)) {
    r.verdict = r.ratio > 1.0 ? Verdict::kRegression : Verdict::kImprovement;
    r.reason =
        figures + ", at or beyond the " + report::format_threshold(thresholds.fail) + " threshold";
  } else {
    r.verdict = Verdict::kSame;
    r.reason = change >= std::log1p(thresholds.report)
                   ? figures + ": reported, below the " +
                         report::format_threshold(thresholds.fail) + " that fails"
                   : figures;
  }
  return r;
}

std::vector<report::BenchmarkResult> compare_instructions(
    util::ProcessRunner& runner, const std::vector<bench::SuitePair>& suites,
    const config::GateConfig& config, util::Progress& progress, double& valgrind_seconds,
    std::vector<std::string>& warnings) {
  std::vector<report::BenchmarkResult> results;
  const bench::ProfilerSettings settings{.cache_simulation = false};  // instructions only
  for (const auto& pair : suites) {
    std::map<std::string, double> counts[2];
    std::vector<std::string> order;
    std::set<std::string> not_counted;
    std::set<std::string> paused;  // pause their timer in the loop
    for (bench::Side side : {bench::Side::kBase, bench::Side::kHead}) {
      progress.note("counting instructions under valgrind: " + std::string(bench::to_string(side)) +
                    " suite " + pair.suite.name);
      auto measured = bench::profile_loops(runner, pair.binary(side), settings);
      valgrind_seconds += measured.valgrind_seconds;
      not_counted.insert(measured.not_counted.begin(), measured.not_counted.end());
      for (const auto& p : measured.benchmarks) {
        if (!counts[0].count(p.name) && !counts[1].count(p.name)) order.push_back(p.name);
        counts[side == bench::Side::kBase ? 0 : 1][p.name] = p.instructions;
        if (p.pauses_timer) paused.insert(p.name);
      }
    }
    for (const auto& name : order) {
      auto lookup = [&](int side) -> std::optional<double> {
        auto found = counts[side].find(name);
        return found == counts[side].end() ? std::nullopt : std::optional<double>(found->second);
      };
      results.push_back(instruction_result(pair.suite.name, name, lookup(0), lookup(1),
                                           config.instructions, config.is_advisory(name)));
    }
    if (!not_counted.empty()) {
      std::string names;
      for (const auto& name : not_counted) names += (names.empty() ? "" : ", ") + name;
      warnings.push_back("suite '" + pair.suite.name + "': " + std::to_string(not_counted.size()) +
                         " multi-threaded benchmark(s) get no instruction count (" + names +
                         "): callgrind runs one thread at a time, so only their time is compared");
    }
    if (!paused.empty()) {
      std::string names;
      for (const auto& name : paused) names += (names.empty() ? "" : ", ") + name;
      warnings.push_back("suite '" + pair.suite.name + "': " + std::to_string(paused.size()) +
                         " benchmark(s) pause their timer in the loop (" + names +
                         "): their instruction counts include the paused work, which their "
                         "time leaves out");
    }
  }
  return results;
}

}  // namespace perfwarden::gate
