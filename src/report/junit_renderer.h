#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// JUnit XML for CI test-report viewers. One <testsuite> per benchmark suite, one <testcase> per
// benchmark and metric (classname = suite, name = "benchmark [metric]", "[metric, drift]" for the
// baseline-drift tier). The mapping of verdicts:
//   regression (blocking)              -> <failure type="regression"> with the figures
//   regression, advisory               -> <skipped>: reported, does not gate
//   regression, waived                 -> passes; the waiver (who, why) in <system-out>
//   inconclusive                       -> <skipped> with the reason: not a pass the viewer can
//                                         hide, not a failure the gate did not declare
//   new, gone                          -> <skipped>: nothing to compare
//   same, improvement                  -> passes, figures in <system-out>
// Failures (e.g. the head does not build) and policy findings are failing test cases of a
// "perfwarden" suite, so the viewer's failure count matches the gate. Valid XML 1.0 whatever
// the names contain (report/escape.h).
std::string render_junit(const Report& report);

}  // namespace perfwarden::report
