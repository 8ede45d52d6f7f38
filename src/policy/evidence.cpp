#include "policy/evidence.h"

#include <cmath>
#include <cstdio>

namespace perfwarden::policy {
namespace {

double ratio_of(double base, double head) {
  if (base > 0) return head / base;
  return head > 0 ? INFINITY : 1.0;
}

std::string percent(double ratio) {
  char text[32];
  if (!std::isfinite(ratio)) return "new";
  std::snprintf(text, sizeof text, "%+.1f%%", (ratio - 1.0) * 100.0);
  return text;
}

std::string count(double value) {
  char text[32];
  if (value >= 1e6) {
    std::snprintf(text, sizeof text, "%.2f M", value / 1e6);
  } else if (value >= 1e4) {
    std::snprintf(text, sizeof text, "%.1f k", value / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.0f", value);
  }
  return text;
}

std::string threshold_text(double threshold) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", threshold * 100.0);
  return text;
}

bool beyond(double ratio, double threshold, bool up) {
  return up ? ratio >= 1.0 + threshold : ratio <= 1.0 / (1.0 + threshold);
}

}  // namespace

bool counts_agree(double a, double b, double tolerance) {
  if (a == b) return true;
  return a > 0 && b > 0 && std::fabs(b / a - 1.0) <= tolerance;
}

double DeterministicEvidence::instruction_ratio() const {
  return ratio_of(base_instructions, head_instructions);
}

double DeterministicEvidence::cycle_ratio() const {
  return base_cycles > 0 || head_cycles > 0 ? ratio_of(base_cycles, head_cycles) : 1.0;
}

std::string describe_evidence(const DeterministicEvidence& e) {
  std::string text = count(e.base_instructions) + " -> " + count(e.head_instructions) +
                     " instructions per iteration (" + percent(e.instruction_ratio()) + ")";
  if (e.base_cycles > 0 || e.head_cycles > 0) {
    text += ", est. cycles " + count(e.base_cycles) + " -> " + count(e.head_cycles) + " (" +
            percent(e.cycle_ratio()) + ")";
  }
  if (!e.steady_state) text += " (one loop's average: no steady-state figure)";
  return text;
}

std::string describe_where(const std::vector<FunctionChange>& where) {
  std::string text;
  for (const auto& f : where) {
    char delta[32];
    std::snprintf(delta, sizeof delta, "%+.0f Ir", f.head - f.base);
    text += (text.empty() ? "" : ", ") + f.function + " " + delta +
            (f.base == 0   ? " (new)"
             : f.head == 0 ? " (gone)"
                           : "");
  }
  return text;
}

EvidenceDecision apply_evidence(Verdict time_verdict, const std::string& time_reason,
                                const DeterministicEvidence& e) {
  const double instructions = e.instruction_ratio();
  const bool up = beyond(instructions, e.fail_threshold, true);
  const bool down = beyond(instructions, e.fail_threshold, false);
  const bool same_instructions =
      counts_agree(e.base_instructions, e.head_instructions, e.report_threshold);
  const bool none_executed = e.executed_files_known && e.changed_files_executed.empty();
  const std::string figures = describe_evidence(e);
  const std::string limit = threshold_text(e.fail_threshold);
  const bool decides = time_verdict == Verdict::kRegression ||
                       time_verdict == Verdict::kInconclusive ||
                       time_verdict == Verdict::kImprovement;
  if (!decides) return {time_verdict, time_reason};
  if (!e.repeatable) {
    return {time_verdict, time_reason + "; deterministic: " + figures +
                              " (not used: two runs of the base build counted different "
                              "instructions, so the count depends on more than the code)"};
  }
  if (e.timer_paused) {
    return {time_verdict, time_reason + "; deterministic: " + figures +
                              " (not used: the benchmark pauses its timer in the loop, so the "
                              "count includes work its time leaves out)"};
  }

  switch (time_verdict) {
    case Verdict::kRegression:
      if (up) {
        return {Verdict::kRegression, time_reason + "; deterministic cost up as well: " + figures};
      }
      if (same_instructions && none_executed && e.placement_blocker.empty()) {
        return {Verdict::kPlacement,
                time_reason + ", but it executes none of the changed files and the same " +
                    "instructions (" + figures +
                    "): code or data placement, not this change's logic"};
      }
      return {Verdict::kRegression,
              time_reason + "; deterministic: " + figures +
                  (same_instructions && !e.placement_blocker.empty()
                       ? " (not called placement: " + e.placement_blocker + ")"
                   : same_instructions && !none_executed
                       ? (e.executed_files_known ? " (it executes changed code)"
                                                 : " (not called placement: code without line "
                                                   "information runs in its loop)")
                       : "")};
    case Verdict::kInconclusive:
      if (up) {
        return {Verdict::kRegression, "deterministic cost up beyond the " + limit + " threshold: " +
                                          figures + " (time alone: " + time_reason + ")"};
      }
      if (down) {
        return {Verdict::kImprovement, "deterministic cost down beyond the " + limit +
                                           " threshold: " + figures +
                                           " (time alone: " + time_reason + ")"};
      }
      if (same_instructions && none_executed) {
        // The same instructions, and none of the changed source runs in or around the loop:
        // whatever time saw, the change did not cause it.
        return {Verdict::kSame,
                "the same instructions, and it executes none of the changed files: the time "
                "difference is noise (" +
                    figures + "; time alone: " + time_reason + ")"};
      }
      return {Verdict::kInconclusive, time_reason + "; deterministic: " + figures};
    default:  // an improvement
      return {Verdict::kImprovement, time_reason + "; deterministic: " + figures};
  }
}

}  // namespace perfwarden::policy
