#include "gate/shard_merge.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "policy/evidence.h"
#include "policy/verdict.h"
#include "stats/multiple_testing.h"
#include "util/error.h"

namespace perfwarden::gate {
namespace {

using policy::Verdict;

std::string shard_text(const report::Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::string p_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", p);
  return text;
}

const char* kFix =
    "merge the JSON reports of one sharded run: every `compare --shard K/N` with the same "
    "--base, --head, --alpha and looks, K = 1..N each once";

void validate(const std::vector<ShardReport>& shards) {
  if (shards.empty()) throw usage_error("no shard reports to merge", "pass shard-*.json");
  for (const auto& s : shards) {
    if (!s.report.shard) {
      throw usage_error(
          s.source + " is not a shard report (it was not written by `compare --shard K/N`)", kFix);
    }
  }
  const ShardReport& first = shards.front();
  const report::Report& a = first.report;
  for (const auto& s : shards) {
    const report::Report& b = s.report;
    if (b.shard->count != a.shard->count) {
      throw usage_error(s.source + " is shard " + shard_text(*b.shard) + " but " + first.source +
                            " is shard " + shard_text(*a.shard) + ": shards of different runs",
                        kFix);
    }
    if (b.base.commit != a.base.commit || b.head.commit != a.head.commit) {
      throw usage_error(s.source + " compares " + b.base.commit + ".." + b.head.commit + " but " +
                            first.source + " compares " + a.base.commit + ".." + a.head.commit,
                        kFix);
    }
    if (b.settings.alpha != a.settings.alpha || b.settings.looks != a.settings.looks) {
      throw usage_error(s.source + " was measured with another --alpha or other looks than " +
                            first.source + ": one false-discovery rate needs one plan",
                        kFix);
    }
  }
  std::map<int, const ShardReport*> seen;
  for (const auto& s : shards) {
    auto [it, inserted] = seen.emplace(s.report.shard->index, &s);
    if (!inserted) {
      throw usage_error(s.source + " and " + it->second->source + " are both shard " +
                            shard_text(*s.report.shard),
                        kFix);
    }
  }
  for (int k = 1; k <= a.shard->count; ++k) {
    if (!seen.count(k)) {
      throw usage_error(
          "shard " + std::to_string(k) + "/" + std::to_string(a.shard->count) +
              " is missing: its benchmarks were not measured",
          "pass every shard's report; a shard that failed (exit 2 or 3) wrote none: rerun it");
    }
  }
  std::map<std::tuple<std::string, std::string, std::string, report::Tier>, const ShardReport*>
      owner;
  for (const auto& s : shards) {
    for (const auto& b : s.report.benchmarks) {
      auto [it, inserted] = owner.emplace(std::make_tuple(b.suite, b.name, b.metric, b.tier), &s);
      if (!inserted && it->second != &s) {
        throw usage_error("benchmark " + b.suite + "/" + b.name + " is in both " +
                              it->second->source + " and " + s.source +
                              ": the shards disagree on the split",
                          "run every shard with the same perfwarden version");
      }
    }
  }
}

bool is_retested(const report::BenchmarkResult& b) {
  return b.tier == report::Tier::kChange && b.metric != "instructions" &&
         b.verdict != Verdict::kNew && b.verdict != Verdict::kGone;
}

template <typename T, typename Key>
void append_unique(std::vector<T>& into, const std::vector<T>& from, Key key) {
  for (const auto& item : from) {
    if (std::none_of(into.begin(), into.end(), [&](const T& x) { return key(x) == key(item); }))
      into.push_back(item);
  }
}

}  // namespace

report::Report merge_shard_reports(std::vector<ShardReport> shards) {
  validate(shards);
  std::sort(shards.begin(), shards.end(), [](const ShardReport& a, const ShardReport& b) {
    return a.report.shard->index < b.report.shard->index;
  });
  const report::Report& first = shards.front().report;
  const int count = first.shard->count;

  report::Report merged;
  merged.tool_version = first.tool_version;
  merged.repository = first.repository;
  merged.base = first.base;
  merged.head = first.head;
  merged.notices = first.notices;  // every shard loads the same config the same way
  merged.settings = first.settings;
  merged.timing = first.timing;
  std::vector<int> shard_of_row;
  for (const auto& s : shards) {
    const report::Report& r = s.report;
    merged.base.build_reused = merged.base.build_reused && r.base.build_reused;
    merged.head.build_reused = merged.head.build_reused && r.head.build_reused;
    merged.base.build_seconds = std::max(merged.base.build_seconds, r.base.build_seconds);
    merged.head.build_seconds = std::max(merged.head.build_seconds, r.head.build_seconds);
    merged.settings.rounds_run = std::max(merged.settings.rounds_run, r.settings.rounds_run);
    merged.settings.confirmation_rounds =
        std::max(merged.settings.confirmation_rounds, r.settings.confirmation_rounds);
    merged.settings.confirmation_rounds_planned = std::max(
        merged.settings.confirmation_rounds_planned, r.settings.confirmation_rounds_planned);
    for (const auto& metric : r.settings.metrics) {
      auto& metrics = merged.settings.metrics;
      if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end())
        metrics.push_back(metric);
    }
    // The shards ran side by side: the gate took as long as the slowest one.
    if (r.timing.total_seconds > merged.timing.total_seconds) merged.timing = r.timing;
    for (const auto& b : r.benchmarks) {
      merged.benchmarks.push_back(b);
      shard_of_row.push_back(r.shard->index);
    }
    // A head that does not build fails every shard alike: one entry per distinct failure.
    append_unique(merged.failures, r.failures, [](const report::Failure& f) { return f.title; });
    append_unique(merged.findings, r.findings, [](const report::PolicyFinding& f) {
      return std::tie(f.rule, f.commit, f.paths, f.message, f.fix);
    });
    append_unique(merged.warnings, r.warnings, [](const std::string& w) { return w; });
  }

  // Benjamini–Hochberg over the union, then the final rule at the last look's alpha.
  std::vector<std::size_t> rows;
  std::vector<double> p_values;
  for (std::size_t i = 0; i < merged.benchmarks.size(); ++i) {
    if (!is_retested(merged.benchmarks[i])) continue;
    rows.push_back(i);
    p_values.push_back(merged.benchmarks[i].p_value);
  }
  auto adjusted = stats::benjamini_hochberg(p_values);
  double looks =
      merged.settings.looks.empty() ? 1.0 : static_cast<double>(merged.settings.looks.size());
  double alpha_look = merged.settings.alpha / looks;
  std::string across = "across all " + std::to_string(count) + " shards";
  for (std::size_t j = 0; j < rows.size(); ++j) {
    report::BenchmarkResult& b = merged.benchmarks[rows[j]];
    // With deterministic evidence, time's own verdict is re-decided, then the evidence applied.
    const Verdict before = b.evidence ? b.evidence->time_verdict : b.verdict;
    b.p_adjusted = adjusted[j];
    Verdict rule =
        policy::decide({b.ratio, b.ci_low, b.ci_high, b.p_adjusted}, b.threshold, alpha_look);
    Verdict after = rule;
    std::string note;
    if (rule == Verdict::kRegression) {
      if (b.confirmation) {
        after = b.confirmation->confirmed ? Verdict::kRegression : Verdict::kInconclusive;
      } else if (merged.settings.confirmation_rounds_planned > 0) {
        after = Verdict::kInconclusive;
        note = " (significant only " + across + ", and never re-checked on fresh rounds: rerun it)";
      }
    }
    std::string shard_alone = "in shard " + std::to_string(shard_of_row[rows[j]]) + "/" +
                              std::to_string(count) + " alone: ";
    if (after != before) {
      b.reason = across + " the adjusted p is " + p_text(b.p_adjusted) + " at alpha " +
                 p_text(alpha_look) + ", so " + std::string(policy::to_string(after)) + note +
                 "; " + shard_alone + b.reason;
      if (after == Verdict::kRegression) {
        merged.warnings.push_back(
            b.suite + "/" + b.name + " is a regression only " + across +
            ": its Perf-Waiver trailers were matched per shard and not here; run "
            "`perfwarden owners` to see whether one accepts it");
      }
    } else if (after == Verdict::kRegression || after == Verdict::kImprovement) {
      b.reason += "; adjusted p " + across + " = " + p_text(b.p_adjusted);
    }
    if (b.evidence && after != before) {
      auto decision = policy::apply_evidence(after, b.reason, *b.evidence);
      b.evidence->time_verdict = after;
      after = decision.verdict;
      b.reason = decision.reason;
      b.advisory = b.advisory || (after == Verdict::kPlacement && !b.evidence->placement_fails);
    } else if (b.evidence) {
      after = b.verdict;  // time said the same across shards: the evidence's verdict stands
    }
    b.verdict = after;
    if (after != Verdict::kRegression) b.waiver.reset();  // a waiver accepts a regression only
  }
  return merged;
}

}  // namespace perfwarden::gate
