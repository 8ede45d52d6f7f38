#pragma once

#include <string>

#include "report/report.h"

namespace perfwarden::report {

// Machine-readable report, schema "perfwarden.report/1". Stable field names: CI scripts and the
// `merge` of sharded runs read it. Invalid UTF-8 in untrusted names is replaced, never fatal.
std::string render_json(const Report& report);

inline constexpr const char* kReportSchema = "perfwarden.report/1";

}  // namespace perfwarden::report
