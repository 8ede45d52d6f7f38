// The figures and hints every renderer shares (report/format.h).

#include <gtest/gtest.h>

#include "report/format.h"

namespace perfwarden::report {
namespace {

BenchmarkResult unaccepted_regression(std::string name) {
  BenchmarkResult b;
  b.suite = "core";
  b.name = std::move(name);
  b.verdict = policy::Verdict::kRegression;
  b.base_values = {1.0};
  b.head_values = {2.0};
  b.waivable_by = {"Grace Hopper <grace@example.com>"};
  return b;
}

TEST(ReportFormat, WaiverHintNamesTheOwnerAndATrailerThatMatchesOnlyThisBenchmark) {
  EXPECT_EQ(format_waiver_hint(unaccepted_regression("BM_Sort<int>/8")),
            "To accept it as intended, Grace Hopper <grace@example.com> adds `Perf-Waiver: "
            "BM_Sort<int>/8: <why it is intended>` to a commit message of this change");
  auto two = unaccepted_regression("BM_Fix/Scan.x(2)");
  two.waivable_by.push_back("Ada Lovelace <ada@example.com>");
  EXPECT_NE(format_waiver_hint(two).find(
                "one of Grace Hopper <grace@example.com>, Ada Lovelace <ada@example.com> adds "
                "`Perf-Waiver: BM_Fix/Scan\\.x\\(2\\): "),
            std::string::npos)
      << format_waiver_hint(two);
  // The trailer's pattern ends at its first ": ": a space in the name must not make one.
  EXPECT_NE(format_waiver_hint(unaccepted_regression("BM_A: b")).find("Perf-Waiver: BM_A:[ ]b: <"),
            std::string::npos);
}

TEST(ReportFormat, NoWaiverHintWhereNobodyCanOrNoneIsNeeded) {
  auto no_owners = unaccepted_regression("BM_X");
  no_owners.waivable_by.clear();
  EXPECT_EQ(format_waiver_hint(no_owners), "");
  auto waived = unaccepted_regression("BM_X");
  waived.waiver = Waiver{"BM_X", "agreed", "Grace Hopper <grace@example.com>", "abc"};
  EXPECT_EQ(format_waiver_hint(waived), "");
  auto advisory = unaccepted_regression("BM_X");
  advisory.advisory = true;
  EXPECT_EQ(format_waiver_hint(advisory), "");
  auto same = unaccepted_regression("BM_X");
  same.verdict = policy::Verdict::kSame;
  EXPECT_EQ(format_waiver_hint(same), "");
}

TEST(ReportFormat, AnUnmeasuredRowShowsNoFigures) {
  BenchmarkResult identical;
  identical.verdict = policy::Verdict::kSame;  // identical code: no values on either side
  EXPECT_FALSE(is_compared(identical));
  EXPECT_EQ(format_result_change(identical), "-");
  EXPECT_EQ(format_result_interval(identical), "-");
  identical.base_values = {1.0};
  identical.head_values = {1.0};
  EXPECT_TRUE(is_compared(identical));
}

}  // namespace
}  // namespace perfwarden::report
