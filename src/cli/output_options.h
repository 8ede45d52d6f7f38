#pragma once

#include <filesystem>
#include <optional>

#include "report/report.h"
#include "util/terminal.h"

namespace CLI {
class App;
}

namespace perfwarden::cli {

// Where a command's report goes: the table to stdout always, files on request.
struct OutputOptions {
  std::optional<std::filesystem::path> json_path;
  util::ColorMode color = util::ColorMode::kAuto;
};

void add_output_options(CLI::App& command, OutputOptions& options);

// Renders the report to stdout and each requested file (atomically); returns its exit code.
ExitCode emit_report(const report::Report& report, const OutputOptions& options);

}  // namespace perfwarden::cli
