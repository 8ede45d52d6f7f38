#include "support/report_fixture.h"

#include <algorithm>
#include <cmath>

namespace perfwarden::testing {
namespace {

using policy::Verdict;
using report::BenchmarkResult;

BenchmarkResult result(std::string suite, std::string name, Verdict verdict, double ratio,
                       double ci_low, double ci_high, double p_adjusted, double base) {
  BenchmarkResult b;
  b.suite = std::move(suite);
  b.name = std::move(name);
  b.metric = "real_time";
  b.verdict = verdict;
  b.threshold = 0.05;
  b.ratio = ratio;
  b.ci_low = ci_low;
  b.ci_high = ci_high;
  b.p_value = p_adjusted / 2;
  b.p_adjusted = p_adjusted;
  b.rounds = 10;
  b.paired_cv = 0.02;
  // A fixed zig-zag around the medians so the plots have something to show.
  static constexpr double kWiggle[] = {0.0,   0.012, -0.008, 0.02,   -0.015,
                                       0.005, -0.01, 0.017,  -0.004, 0.009};
  for (double w : kWiggle) {
    b.base_values.push_back(base * (1.0 + w));
    b.head_values.push_back(base * ratio * (1.0 - w * 0.7));
  }
  b.base_median = base;
  b.head_median = base * ratio;
  return b;
}

}  // namespace

report::Report sample_report() {
  report::Report r;
  r.tool_version = "0.1.0-test";
  r.repository = "/work/repo";
  r.base = {"main",
            "1111111111111111111111111111111111111111",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "Add the order book",
            true,
            0.0};
  r.head = {"HEAD",
            "2222222222222222222222222222222222222222",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "Rewrite the price lookup",
            false,
            41.5,
            true,
            30,
            1};

  auto regression =
      result("core", "BM_FindPrice/4096", Verdict::kRegression, 1.31, 1.22, 1.40, 0.002, 49.8);
  regression.reason = "significant (p = 0.002) and +31.0% is beyond the 5% threshold";
  regression.confirmation = report::ConfirmationResult{10, 1.29, 1.20, 1.37, 0.004, true};
  regression.hot_path_files = {"src/order_book.cpp", "src/price_index.h"};
  regression.waivable_by = {"Grace Hopper <grace@example.com>", "Ada Lovelace <ada@example.com>"};
  policy::DeterministicEvidence found;
  found.base_instructions = 8200;
  found.head_instructions = 10741;
  found.base_cycles = 9100;
  found.head_cycles = 11950;
  found.executed_files_known = true;
  found.changed_files_executed = {"src/order_book.cpp"};
  found.where = {{"OrderBook::find(long)", "src/order_book.cpp:88", 6100, 6120},
                 {"operator new(unsigned long)", "", 0, 1380},
                 {"free", "", 0, 1160}};
  std::sort(found.where.begin(), found.where.end(), [](const auto& a, const auto& b) {
    return std::abs(a.head - a.base) > std::abs(b.head - b.base);
  });
  regression.evidence = found;
  r.benchmarks.push_back(regression);

  auto placement =
      result("core", "BM_Scan/4096", Verdict::kPlacement, 1.039, 1.021, 1.056, 0.01, 212.0);
  placement.reason =
      "slower by +3.9% [+2.1%, +5.6%], but it executes none of the changed files and the same "
      "instructions (8341 -> 8341 instructions per iteration (+0.0%)): code or data placement, "
      "not this change's logic";
  placement.advisory = true;
  policy::DeterministicEvidence unchanged;
  unchanged.base_instructions = unchanged.head_instructions = 8341;
  unchanged.executed_files_known = true;
  placement.evidence = unchanged;
  r.benchmarks.push_back(placement);

  auto improvement =
      result("core", "BM_Insert", Verdict::kImprovement, 0.82, 0.78, 0.86, 0.001, 1520.0);
  improvement.reason = "significant (p = 0.001) and -18.0% is beyond the 5% threshold";
  r.benchmarks.push_back(improvement);

  auto same = result("core", "BM_TotalValue/4096", Verdict::kSame, 1.004, 0.985, 1.021, 0.8, 618.9);
  same.reason = "the interval lies within ±5%";
  r.benchmarks.push_back(same);

  auto inconclusive =
      result("io", "BM_Flush", Verdict::kInconclusive, 1.06, 0.97, 1.16, 0.31, 2.4e6);
  inconclusive.reason =
      "the interval [-3.0%, +16.0%] straddles the 5% threshold (paired noise 8.1%); "
      "not confirmed by fresh rounds";
  inconclusive.confirmation = report::ConfirmationResult{10, 1.02, 0.96, 1.09, 0.6, false};
  r.benchmarks.push_back(inconclusive);

  auto advisory = result("io", "BM_Noisy", Verdict::kRegression, 1.25, 1.10, 1.42, 0.01, 9.1e3);
  advisory.advisory = true;
  advisory.threshold = 0.10;
  advisory.reason = "significant (p = 0.01) and +25.0% is beyond the 10% threshold";
  r.benchmarks.push_back(advisory);

  auto waived = result("core", "BM_Rebuild", Verdict::kRegression, 1.12, 1.08, 1.16, 0.003, 3.3e5);
  waived.reason = "significant (p = 0.003) and +12.0% is beyond the 5% threshold";
  waived.waiver =
      report::Waiver{"BM_Rebuild.*", "rebuild now validates every level; accepted",
                     "Ada Lovelace <ada@example.org>", "3333333333333333333333333333333333333333"};
  waived.hot_path_files = {"src/order_book.cpp"};
  r.benchmarks.push_back(waived);

  auto drift =
      result("core", "BM_FindPrice/4096", Verdict::kRegression, 1.08, 1.05, 1.11, 0.004, 46.0);
  drift.tier = report::Tier::kDrift;
  drift.reason = "+8.0% since the stored baseline (main@2024-05-01) is beyond the 5% threshold";
  r.benchmarks.push_back(drift);

  auto instructions =
      result("core", "BM_FindPrice/4096", Verdict::kRegression, 1.42, 1.42, 1.42, 0.0, 1210.0);
  instructions.metric = "instructions";
  instructions.threshold = 0.01;
  instructions.rounds = 1;
  instructions.base_values = {1210.0};
  instructions.head_values = {1718.2};
  instructions.reason = "instruction count changed by +42.0% (fail from 1%)";
  r.benchmarks.push_back(instructions);

  BenchmarkResult added;
  added.suite = "core";
  added.name = "BM_NewPath";
  added.metric = "real_time";
  added.verdict = Verdict::kNew;
  added.threshold = 0.05;
  added.head_values = {100.0, 101.0, 99.5};
  added.head_median = 100.0;
  added.rounds = 3;
  added.reason = "only in head";
  r.benchmarks.push_back(added);

  BenchmarkResult gone;
  gone.suite = "io";
  gone.name = "BM_Legacy";
  gone.metric = "real_time";
  gone.verdict = Verdict::kGone;
  gone.threshold = 0.05;
  gone.base_values = {5000.0, 5100.0};
  gone.base_median = 5050.0;
  gone.rounds = 2;
  gone.reason = "only in base";
  r.benchmarks.push_back(gone);

  r.failures.push_back({"head suite 'io' does not build",
                        "[3/7] Building CXX object io/flush.cpp.o\nFAILED: io/flush.cpp.o\n"
                        "io/flush.cpp:12:5: error: 'fsync_all' was not declared in this scope\n"
                        "ninja: build stopped: subcommand failed."});
  r.findings.push_back(
      {"owner-required",
       "2222222222222222222222222222222222222222",
       {"src/order_book.cpp"},
       "src/order_book.cpp is a hot path owned by Ada Lovelace <ada@example.org>; "
       "the commit is AI co-authored and has no Perf-Reviewed-by trailer from an owner",
       "ask an owner to review and add 'Perf-Reviewed-by: Ada Lovelace <ada@example.org>'"});
  r.warnings.push_back("only 10 rounds: a 3% slowdown is caught with 62% power; use --looks 20,30");
  r.settings = {{10, 15, 20}, 10, 10, 1, {"real_time", "instructions"}, 42, 0.05, 0.05};
  r.timing = {120.5, 41.5, 76.0, 70.2};
  r.notices = {"this pull request introduces the gate: <its config> is used as proposed"};
  return r;
}

report::Report hostile_report() {
  const std::string evil = "<img src=x onerror=alert(1)>";
  const std::string text =
      "[x](javascript:alert(1)) <script>alert(1)</script> | pipe `code` ``` @everyone "
      "&lt;b&gt; ![i](http://evil/x.png) **bold** # heading\n::error::injected\r\n%0A "
      "\x01\x1b[31m bad\xff\xfe utf8 ]]> -->" +
      std::string(" a NUL\0byte", 12);
  report::Report r = sample_report();
  r.base.summary = text;
  r.head.spec = evil;
  r.head.summary = text;
  for (auto& b : r.benchmarks) {
    b.name = evil;
    b.suite = evil;
    b.reason = text;
    if (b.waiver) {
      b.waiver->reason = text;
      b.waiver->owner = evil + " <@everyone>";
    }
    if (!b.hot_path_files.empty()) b.hot_path_files = {"src/a,b:c.cpp", evil};
  }
  for (auto& f : r.failures) {
    f.title = evil;
    f.detail = text + "\n```\n" + evil;
  }
  for (auto& f : r.findings) {
    f.message = text;
    f.fix = text;
    f.paths = {evil};
  }
  r.warnings = {text};
  return r;
}

}  // namespace perfwarden::testing
