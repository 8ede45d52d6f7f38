#include "bench/round_scheduler.h"

#include <algorithm>
#include <chrono>

#include "util/interrupt.h"
#include "util/regex_escape.h"
#include "util/terminal.h"

namespace perfwarden::bench {
namespace {

// "~2m10s left" from the average duration of the rounds done so far; empty before the first
// round has finished (nothing to average) and once past the planned rounds (confirmation).
// Later looks may measure fewer benchmarks, so this errs on the long side.
std::string time_left(const SampleSet& done, int round, int planned_rounds,
                      double elapsed_in_round) {
  if (done.rounds == 0 || round > planned_rounds) return {};
  double average = done.wall_seconds / done.rounds;
  auto seconds = static_cast<long>(
      std::max(0.0, average * (planned_rounds - round + 1) - elapsed_in_round) + 0.5);
  return ", ~" + (seconds >= 60 ? std::to_string(seconds / 60) + "m" : std::string()) +
         std::to_string(seconds % 60) + "s left";
}

}  // namespace

RoundScheduler::RoundScheduler(util::ProcessRunner& runner, std::vector<SuitePair> suites,
                               const RoundPlan& plan)
    : runner_(runner), suites_(std::move(suites)), plan_(plan), rng_(plan.seed) {
  samples_.seed = plan.seed;
}

ParsedOutput RoundScheduler::run_side(const SuitePair& pair, Side side) {
  util::throw_if_interrupted();
  BenchmarkBinary binary = pair.binary(side);
  binary.filter = effective_filter(pair);
  BenchmarkRun run = run_benchmark_binary(runner_, binary, plan_.settings);
  samples_.benchmark_process_seconds += run.process_seconds;
  const auto measured_rows =
      std::count_if(run.output.rows.begin(), run.output.rows.end(),
                    [](const Measurement& m) { return m.skip_message.empty(); });
  const double setup = std::max(0.0, run.process_seconds - static_cast<double>(measured_rows) *
                                                               plan_.settings.min_time_seconds);
  auto [least, first] = samples_.native_setup_seconds.try_emplace(pair.suite.name, setup);
  if (!first) least->second = std::min(least->second, setup);
  ParsedOutput& output = run.output;
  if (!output.errors.empty()) {
    std::string detail;
    for (const auto& e : output.errors) detail += e + "\n";
    throw BenchmarkFailure(side, FailureKind::kReportedError, pair.suite.name,
                           std::string(to_string(side)) + " suite '" + pair.suite.name +
                               "': a benchmark reported an error",
                           detail);
  }
  return std::move(output);
}

void RoundScheduler::run_warmup(util::Progress& progress) {
  for (int w = 0; w < plan_.warmup_rounds; ++w) {
    for (const auto& pair : suites_) {
      progress.update("warm-up: suite " + pair.suite.name);
      run_side(pair, Side::kBase);
      run_side(pair, Side::kHead);
    }
  }
}

void RoundScheduler::restrict_to(const std::set<BenchmarkKey>& active) { active_ = active; }

std::string RoundScheduler::effective_filter(const SuitePair& pair) const {
  if (!active_) return pair.suite.filter;
  std::string alternatives;
  for (const auto& [suite, name] : *active_) {
    if (suite != pair.suite.name) continue;
    alternatives += (alternatives.empty() ? "" : "|") + util::escape_regex(name);
  }
  return alternatives.empty() ? std::string() : "^(" + alternatives + ")$";
}

void RoundScheduler::run_round(util::Progress& progress) {
  auto started = std::chrono::steady_clock::now();
  int round = samples_.rounds + 1;
  for (const auto& pair : suites_) {
    if (active_ && effective_filter(pair).empty()) continue;  // nothing left to measure here
    bool base_first = std::bernoulli_distribution(0.5)(rng_);
    Side first = base_first ? Side::kBase : Side::kHead;
    Side second = base_first ? Side::kHead : Side::kBase;
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.update("round " + std::to_string(round) + "/" + std::to_string(plan_.planned_rounds) +
                    (round_label_.empty() ? "" : " (" + round_label_ + ")") + ": suite " +
                    pair.suite.name + time_left(samples_, round, plan_.planned_rounds, elapsed));
    ParsedOutput first_output = run_side(pair, first);
    ParsedOutput second_output = run_side(pair, second);
    record(pair, first, first_output);
    record(pair, second, second_output);
    note_skips(pair, first_output);
    note_skips(pair, second_output);
  }
  samples_.rounds = round;
  samples_.wall_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void RoundScheduler::record(const SuitePair& pair, Side side, const ParsedOutput& output) {
  for (const auto& m : output.measurements) {
    auto key = std::make_pair(pair.suite.name, m.name);
    auto [it, inserted] = index_.try_emplace(key, samples_.benchmarks.size());
    if (inserted) {
      BenchmarkSamples fresh;
      fresh.suite = pair.suite.name;
      fresh.name = m.name;
      fresh.gated_metric = std::string(config::gated_time_metric(pair.suite, m.name));
      samples_.benchmarks.push_back(std::move(fresh));
    }
    BenchmarkSamples& b = samples_.benchmarks[it->second];
    auto push = [&](const char* metric, double value) {
      Series& series = b.metrics[metric];
      (side == Side::kBase ? series.base : series.head).push_back(value);
    };
    push("real_time", m.real_time_ns);
    push("cpu_time", m.cpu_time_ns);
    if (side == Side::kBase) {
      b.in_base = true;
    } else {
      b.in_head = true;
      b.head_counters = m.counters;
    }
  }
}

// A benchmark one side skipped and the other measured carries the skip's message (one both
// sides skipped has no entry: nothing was measured to compare).
void RoundScheduler::note_skips(const SuitePair& pair, const ParsedOutput& output) {
  for (const auto& [name, message] : output.skipped) {
    auto it = index_.find(std::make_pair(pair.suite.name, name));
    if (it != index_.end()) samples_.benchmarks[it->second].skip_message = message;
  }
}

}  // namespace perfwarden::bench
