#include <gtest/gtest.h>

#include "policy/evidence.h"

namespace perfwarden::policy {
namespace {

// Evidence of a benchmark whose loop runs none of the changed code, in a change that touched
// only code, with the same instructions and estimated cycles on both sides.
DeterministicEvidence unchanged() {
  DeterministicEvidence e;
  e.base_instructions = e.head_instructions = 8341;
  e.base_cycles = e.head_cycles = 9120;
  e.executed_files_known = true;
  return e;
}

DeterministicEvidence with_instructions(double head) {
  auto e = unchanged();
  e.head_instructions = head;
  return e;
}

const std::string kTime = "slower by +3.9% [+2.1%, +5.6%]";

// One test per row of the decision table (policy/evidence.h, README "How it decides").

TEST(PolicyEvidence, RegressionWithDeterministicCostUpIsOneRegressionWithBothReasons) {
  auto d = apply_evidence(Verdict::kRegression, kTime, with_instructions(8341 * 1.2));
  EXPECT_EQ(d.verdict, Verdict::kRegression);
  EXPECT_EQ(d.reason.rfind(kTime, 0), 0u);
  EXPECT_NE(d.reason.find("deterministic cost up as well: 8341 -> 10.0 k instructions"),
            std::string::npos)
      << d.reason;
}

TEST(PolicyEvidence, RegressionWithTheSameCostAndNoneOfTheChangedCodeIsPlacement) {
  auto d = apply_evidence(Verdict::kRegression, kTime, unchanged());
  EXPECT_EQ(d.verdict, Verdict::kPlacement);
  EXPECT_NE(d.reason.find("but it executes none of the changed files and the same instructions"),
            std::string::npos)
      << d.reason;
  EXPECT_NE(d.reason.find("code or data placement, not this change's logic"), std::string::npos);
}

TEST(PolicyEvidence, PlacementNeedsEveryConditionElseItStaysARegression) {
  auto executes = unchanged();
  executes.changed_files_executed = {"src/matcher.cc"};
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, executes).verdict, Verdict::kRegression);

  auto unknown = unchanged();
  unknown.executed_files_known = false;  // code without line information ran
  auto d = apply_evidence(Verdict::kRegression, kTime, unknown);
  EXPECT_EQ(d.verdict, Verdict::kRegression);
  EXPECT_NE(d.reason.find("without line information"), std::string::npos) << d.reason;

  auto blocked = unchanged();
  blocked.placement_blocker = "the change also touches data/x.csv, which is not source code";
  d = apply_evidence(Verdict::kRegression, kTime, blocked);
  EXPECT_EQ(d.verdict, Verdict::kRegression);
  EXPECT_NE(d.reason.find("not called placement: the change also touches data/x.csv"),
            std::string::npos);

  // A memory-bound slowdown: the same instructions, more simulated misses, and the changed
  // walk runs in the loop.
  auto memory = unchanged();
  memory.head_cycles = 9120 * 1.4;
  memory.changed_files_executed = {"src/walk.cpp"};
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, memory).verdict, Verdict::kRegression);

  // Beyond the report threshold (0.2%) the instructions are not "the same"; within it they are
  // (marginal costs of loops of different lengths differ in the last digits).
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, with_instructions(8360)).verdict,
            Verdict::kRegression);
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, with_instructions(8342)).verdict,
            Verdict::kPlacement);
}

TEST(PolicyEvidence, CountsAgreeWithinTheirTolerance) {
  EXPECT_TRUE(counts_agree(8341, 8341, 0.0));
  EXPECT_TRUE(counts_agree(8341, 8357, 0.002));
  EXPECT_FALSE(counts_agree(8341, 8360, 0.002));
  EXPECT_FALSE(counts_agree(0, 1, 0.002));
  EXPECT_TRUE(counts_agree(0, 0, 0.002));
}

TEST(PolicyEvidence, InconclusiveTimeWithDeterministicCostUpIsARegression) {
  auto d =
      apply_evidence(Verdict::kInconclusive, "the interval straddles", with_instructions(8600));
  EXPECT_EQ(d.verdict, Verdict::kRegression);
  EXPECT_EQ(d.reason.rfind("deterministic cost up beyond the 1% threshold", 0), 0u) << d.reason;
  EXPECT_NE(d.reason.find("(time alone: the interval straddles)"), std::string::npos);
  // Estimated cycles decide nothing: they move with where a process's data lands.
  auto memory = unchanged();
  memory.head_cycles = 9500;
  memory.changed_files_executed = {"src/walk.cpp"};
  EXPECT_EQ(apply_evidence(Verdict::kInconclusive, "x", memory).verdict, Verdict::kInconclusive);
}

TEST(PolicyEvidence, EvidenceThatIsNotRepeatableDecidesNothing) {
  auto random = with_instructions(9000);
  random.repeatable = false;
  for (auto v : {Verdict::kRegression, Verdict::kInconclusive, Verdict::kImprovement}) {
    auto d = apply_evidence(v, "time", random);
    EXPECT_EQ(d.verdict, v);
    EXPECT_NE(d.reason.find("not used: two runs of the base build counted different"),
              std::string::npos);
  }
  auto placed = unchanged();  // not repeatable: no placement either
  placed.repeatable = false;
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, placed).verdict, Verdict::kRegression);
}

TEST(PolicyEvidence, EvidenceOfALoopThatPausesItsTimerDecidesNothing) {
  auto setup_grew = with_instructions(9000);  // perhaps all in the untimed setup
  setup_grew.timer_paused = true;
  for (auto v : {Verdict::kRegression, Verdict::kInconclusive, Verdict::kImprovement}) {
    auto d = apply_evidence(v, "time", setup_grew);
    EXPECT_EQ(d.verdict, v);
    EXPECT_NE(d.reason.find("not used: the benchmark pauses its timer"), std::string::npos);
  }
  auto placed = unchanged();
  placed.timer_paused = true;
  EXPECT_EQ(apply_evidence(Verdict::kRegression, kTime, placed).verdict, Verdict::kRegression);
}

TEST(PolicyEvidence, InconclusiveTimeWithDeterministicCostDownIsAnImprovement) {
  EXPECT_EQ(apply_evidence(Verdict::kInconclusive, "x", with_instructions(8000)).verdict,
            Verdict::kImprovement);
}

TEST(PolicyEvidence, InconclusiveTimeWithTheSameCostAndNoneOfTheChangedCodeIsSame) {
  auto d = apply_evidence(Verdict::kInconclusive, "paired noise 6.1%", unchanged());
  EXPECT_EQ(d.verdict, Verdict::kSame);
  EXPECT_NE(d.reason.find("the time difference is noise"), std::string::npos) << d.reason;
  // Unlike placement, no other condition: time saw nothing it could show.
  auto blocked = unchanged();
  blocked.placement_blocker = "sha is hidden";
  EXPECT_EQ(apply_evidence(Verdict::kInconclusive, "x", blocked).verdict, Verdict::kSame);
}

TEST(PolicyEvidence, InconclusiveOtherwiseStaysInconclusive) {
  auto executes = unchanged();
  executes.changed_files_executed = {"src/matcher.cc"};
  EXPECT_EQ(apply_evidence(Verdict::kInconclusive, "x", executes).verdict, Verdict::kInconclusive);
  // Changed, but below the threshold that fails.
  EXPECT_EQ(apply_evidence(Verdict::kInconclusive, "x", with_instructions(8380)).verdict,
            Verdict::kInconclusive);
}

TEST(PolicyEvidence, ImprovementAndTheRestKeepTheirTimeVerdict) {
  EXPECT_EQ(apply_evidence(Verdict::kImprovement, "x", with_instructions(9000)).verdict,
            Verdict::kImprovement);
  for (auto v : {Verdict::kSame, Verdict::kNew, Verdict::kGone}) {
    auto d = apply_evidence(v, "as it was", with_instructions(20000));
    EXPECT_EQ(d.verdict, v);
    EXPECT_EQ(d.reason, "as it was");
  }
}

TEST(PolicyEvidence, WhereItWentNamesNewAndGoneFunctions) {
  EXPECT_EQ(describe_where({{"DoMatch", "re2.cc:812", 100, 118},
                            {"operator new", "", 0, 73},
                            {"free_list_pop", "", 12, 0}}),
            "DoMatch +18 Ir, operator new +73 Ir (new), free_list_pop -12 Ir (gone)");
}

}  // namespace
}  // namespace perfwarden::policy
