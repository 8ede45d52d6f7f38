#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "report/report.h"
#include "util/terminal.h"

namespace CLI {
class App;
}

namespace perfwarden::cli {

// Where a command's report goes: the table to stdout always, files on request.
struct OutputOptions {
  std::optional<std::filesystem::path> json_path;
  std::optional<std::filesystem::path> markdown_path;
  std::optional<std::filesystem::path> junit_path;
  std::optional<std::filesystem::path> html_path;
  bool annotations = false;  // GitHub workflow commands on stdout (also when GITHUB_ACTIONS=true)
  util::ColorMode color = util::ColorMode::kAuto;
};

// Which options a command offers: every command producing a gate `Report` gets all formats; a
// command with its own report gets --json and --color (calibrate), or also --markdown and
// --html (bisect, history: kDocuments).
enum class OutputFormats { kGateReport, kJsonOnly, kDocuments };

void add_output_options(CLI::App& command, OutputOptions& options,
                        OutputFormats formats = OutputFormats::kGateReport);

// Renders the report to stdout and each requested file (atomically); returns its exit code.
// Annotations follow the table on stdout with --annotations or under GitHub Actions. Without
// --markdown, the Markdown is appended to $GITHUB_STEP_SUMMARY when that is set (the job summary).
ExitCode emit_report(const report::Report& report, const OutputOptions& options);

// The renderers of a command's own report (bisect, history); each file renderer runs only when
// its file is asked for.
struct DocumentRenderers {
  std::function<std::string(bool color)> console;
  std::function<std::string()> json, markdown, html;
};

// The console text to stdout, then each requested file (atomically).
void emit_documents(const OutputOptions& options, const DocumentRenderers& render);

}  // namespace perfwarden::cli
