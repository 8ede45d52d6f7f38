#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// One self-contained HTML file: no external assets, no script at all, works offline. A strict
// Content-Security-Policy (default-src 'none'; style-src 'unsafe-inline'; img-src data:) makes
// sure nothing else could load even if escaping failed. It holds the verdict, failures, policy
// findings, the summary table and, per benchmark, two inline SVG plots: base and head per-round
// values over the rounds, and the ratio's confidence interval (and the confirmation's) against
// the threshold's "same" band [1/(1+t), 1+t] on a log scale. Every untrusted string is
// HTML-escaped (report/escape.h).
std::string render_html(const Report& report);

}  // namespace perfwarden::report
