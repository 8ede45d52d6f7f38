#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// GitHub Actions workflow commands that annotate the pull request's diff:
//   - a blocking regression: `::error` on each of its changed hot-path files (one file-less
//     `::error` when none are known); an advisory one as `::warning`, a waived one as `::notice`;
//   - a policy finding: `::error` on each of its paths (file-less without paths), with the fix;
//   - a failure (e.g. the head does not build): a file-less `::error` with the last log lines.
// Same, improvement, inconclusive, new and gone produce nothing. Everything is escaped by the
// workflow-command rules, so untrusted text cannot end a command or start another.
std::string render_annotations(const Report& report);

}  // namespace perfwarden::report
