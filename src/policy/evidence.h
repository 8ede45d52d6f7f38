#pragma once

// Deterministic evidence beside the time verdict: what callgrind says one steady-state iteration
// of a benchmark costs in the base and the head, and whether its timed loop runs any of the code
// the change touched. One decision table (apply_evidence) turns a time verdict and this evidence
// into the final verdict; it is pure, so `merge` applies it again after re-deciding time.

#include <string>
#include <vector>

#include "policy/verdict.h"

namespace perfwarden::policy {

// A function whose self cost per iteration changed ("where it went").
struct FunctionChange {
  std::string function;
  std::string location;  // "src/re2.cc:812" (repository path where known), or ""
  double base = 0.0;     // self instructions per iteration; 0: not executed (new in head)
  double head = 0.0;     // 0: no longer executed (gone)
};

struct DeterministicEvidence {
  double base_instructions = 0.0;  // per iteration, steady state
  double head_instructions = 0.0;
  double base_cycles = 0.0;  // estimated from the cache simulation; 0 when not simulated
  double head_cycles = 0.0;
  bool steady_state = true;  // both are marginal costs (bench/loop_profiler.h)
  // Two runs of the base build counted the same instructions: the count depends on the code
  // alone, not on data a process draws at random. False: the evidence is shown, never used.
  bool repeatable = true;
  // Either loop pauses its timer (State::PauseTiming): the count includes work the time
  // excludes, so it is shown, never decisive.
  bool timer_paused = false;
  double fail_threshold = 0.01;     // thresholds.instructions.fail: a real change from here
  double report_threshold = 0.002;  // below this a change is no change
  // The facts the placement verdict needs.
  bool executed_files_known = false;                // all code of both loops had line information
  std::vector<std::string> changed_files_executed;  // changed files either loop executes
  std::string placement_blocker;      // why placement cannot be shown ("" when it can)
  bool placement_fails = false;       // "placement": "fail" in the config
  std::vector<FunctionChange> where;  // the largest changes, largest first
  // The verdict time alone gave, before this evidence was applied (`merge` re-decides time
  // across shards and applies the evidence again when time's verdict changed).
  Verdict time_verdict = Verdict::kInconclusive;

  double instruction_ratio() const;  // head / base
  double cycle_ratio() const;        // head / base, 1 without cycles
};

struct EvidenceDecision {
  Verdict verdict;
  std::string reason;
};

// Two instruction counts are the same cost: within `tolerance` (a fraction) of each other. Marginal
// costs come from loops of different lengths, so a cost exactly linear in the iterations can still
// differ in the last digits.
bool counts_agree(double a, double b, double tolerance);

// The decision table (README "How it decides"), for a change-tier time verdict:
//   time regression    + instructions up                 -> regression, both reasons
//   time regression    + the same instructions, none of the changed code executed, nothing
//                        else changed and dispatch as native -> placement (advisory by default)
//   time regression    + anything else                   -> regression
//   time inconclusive  + instructions up                 -> regression (deterministic)
//   time inconclusive  + instructions down               -> improvement (deterministic)
//   time inconclusive  + the same instructions and none of the changed code executed -> same
//   time inconclusive  + anything else                   -> inconclusive
//   time improvement   + anything                        -> improvement
//   time same, new, gone: unchanged (no evidence is gathered for them).
// "Up"/"down": instructions per iteration beyond fail_threshold; "the same instructions":
// within report_threshold (counts_agree). Estimated cycles are shown, never decisive: they depend
// on where a process's data lands in the simulated caches, which changes from one process to the
// next. Evidence that is not repeatable decides nothing.
EvidenceDecision apply_evidence(Verdict time_verdict, const std::string& time_reason,
                                const DeterministicEvidence& evidence);

// "8,341 -> 8,341 instructions (+0.0%), est. cycles 9,120 -> 9,122 (+0.0%)"
std::string describe_evidence(const DeterministicEvidence& evidence);

// "DoMatch +18 Ir, operator new +73 Ir (new), free +58 Ir (new)"
std::string describe_where(const std::vector<FunctionChange>& where);

}  // namespace perfwarden::policy
