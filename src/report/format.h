#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// Shared number formatting so every renderer prints the same figure the same way.
std::string format_duration_ns(double nanoseconds);  // "812 ns", "3.41 µs", "1.82 ms", "2.10 s"
std::string format_count(double count);              // "812", "3.41 k", "1.82 M", "2.10 G"
// A per-iteration value in its metric's unit: durations for times, counts for "instructions".
std::string format_metric_value(const std::string& metric, double value);
std::string format_change(double ratio);                    // "+12.3%", "-4.0%", "+20183%"
std::string format_interval(double low, double high);       // "[+9.8%, +15.1%]"
std::string format_threshold(double threshold);             // "5%"
std::string format_percent(double fraction, int decimals);  // (0.0123, 2) -> "1.23%"
std::string short_id(const std::string& id);                // first 12 hex digits
// What a revision's build cost: "reused", "3.4 s, 30 of 31 objects from ccache",
// "41.2 s, 31 objects compiled", "41.2 s", or "none" (`check` builds no base).
std::string format_build_cost(const RevisionSummary& revision);
// Whether the report has builds to describe (`perfwarden owners` and a run stopped before building
// have none: "base 0.0 s, head 0.0 s" would read as two builds that took no time).
bool has_builds(const Report& report);

// One benchmark's figures as every renderer shows them; "-" where a side or the comparison is
// missing (a benchmark that is new or gone, or not measured because its suite's two builds load
// the same bytes). Names stay unescaped: the caller escapes.
bool is_compared(const BenchmarkResult& b);               // has a measured comparison
std::string format_base_value(const BenchmarkResult& b);  // "49.8 ns"
std::string format_head_value(const BenchmarkResult& b);
std::string format_result_change(const BenchmarkResult& b);    // "+12.3%"
std::string format_result_interval(const BenchmarkResult& b);  // "[+9.8%, +15.1%]"
std::string benchmark_label(const BenchmarkResult& b);         // "suite/name"
std::string format_p_value(double p);                          // "0.0012", "0.43", "< 0.0001"
// "confirmed by 10 fresh rounds: +12.0% [+9.1%, +15.2%]" or "not confirmed by ...".
std::string format_confirmation(const ConfirmationResult& c);
// How a regression no waiver accepted can be accepted, naming the owners who may and the trailer
// ("To accept it as intended, one of ... adds `Perf-Waiver: BM_X: <why it is intended>` to a
// commit message of this change"); empty when nobody can (no "owners") or it needs no acceptance.
std::string format_waiver_hint(const BenchmarkResult& b);
// "2 regression(s), 1 improvement(s), 3 same, 1 inconclusive", then failures and findings if any.
std::string format_outcome_counts(const Report& report);

}  // namespace perfwarden::report
