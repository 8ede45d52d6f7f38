#pragma once

#include "report/report.h"

namespace perfwarden::testing {

// A fixed Report for renderer tests: every verdict, a confirmation, a waiver and the owners who
// could give one, an advisory row, a drift-tier row, an instruction-count row, a policy finding,
// a failure with a log tail and a warning. Deterministic, so its renderings can be compared to
// golden files.
report::Report sample_report();

// The same shape with hostile untrusted text everywhere: HTML and script tags, Markdown links to
// javascript:, table pipes, backticks, @everyone, workflow-command separators, XML-forbidden
// control characters and invalid UTF-8.
report::Report hostile_report();

}  // namespace perfwarden::testing
