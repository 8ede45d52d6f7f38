#pragma once

#include <string>

#include "report/history_report.h"

namespace perfwarden::report {

// One self-contained page (no scripts, no external resources, a strict Content-Security-Policy):
// a summary table, one inline SVG plot per series (each refresh's median with its interquartile
// range, the level between change points, each change point marked and linked to its commit),
// and the table of refresh commits the links point to (or the --commit-url page of each).
std::string render_history_html(const HistoryReport& report);

}  // namespace perfwarden::report
