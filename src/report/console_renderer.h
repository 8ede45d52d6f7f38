#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// The terminal table: benchmark, base, head, change with its interval, verdict; then failures,
// warnings and the overall verdict. `color` adds ANSI colours to verdicts.
std::string render_console(const Report& report, bool color);

}  // namespace perfwarden::report
