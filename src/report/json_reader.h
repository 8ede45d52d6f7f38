#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "report/report.h"

namespace perfwarden::report {

// The inverse of render_json: a "perfwarden.report/1" document back into a Report, so that
// `perfwarden merge` can join the reports of sharded runs. render_json(read(render_json(r))) is
// byte-identical. Derived fields ("verdict", "exit_code", "change_percent", "unit") are ignored:
// they are recomputed from the rest. Numbers written as null (NaN) read back as NaN.
//
// Throws Error(kUsage) naming `source` (the file) and the offending field, e.g.
//   "shard-1.json: benchmarks[3].ci must be an array of two numbers",
// for invalid JSON, another schema, or a missing or mistyped field.
Report read_json_report(std::string_view text, const std::string& source);

// Reads the file and parses it as above; a missing or unreadable file is Error(kUsage) too.
Report read_json_report_file(const std::filesystem::path& path);

}  // namespace perfwarden::report
