#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// GitHub-flavoured Markdown for the job summary ($GITHUB_STEP_SUMMARY) and a pull-request
// comment: the verdict first, then regressions, failures (with the log tail in a code block),
// policy findings with their fix, accepted (waived) regressions with who and why, improvements,
// and the rest (same, inconclusive, new, gone, warnings, settings) collapsed in <details>.
// Every untrusted string is escaped (report/escape.h): no link, image, HTML or @mention can
// come from a pull request.
std::string render_markdown(const Report& report);

}  // namespace perfwarden::report
