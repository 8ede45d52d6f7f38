#include "cli/output_options.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string_view>

#include "report/annotations_renderer.h"
#include "report/console_renderer.h"
#include "report/html_renderer.h"
#include "report/json_renderer.h"
#include "report/junit_renderer.h"
#include "report/markdown_renderer.h"
#include "util/error.h"
#include "util/files.h"

namespace perfwarden::cli {
namespace {

std::string_view environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void write_stdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// The job summary is a file GitHub gives each step; other steps may have written to it, so we
// append (GitHub's documented usage) rather than replace.
void append_to_step_summary(const std::filesystem::path& path, const std::string& markdown) {
  std::ofstream file(path, std::ios::app | std::ios::binary);
  file << markdown << "\n";
  file.flush();
  if (!file) {
    throw infrastructure_error(
        "cannot append the Markdown report to $GITHUB_STEP_SUMMARY (" + path.string() + ")",
        "check that the file is writable, or pass --markdown FILE");
  }
}

}  // namespace

void add_output_options(CLI::App& command, OutputOptions& options, OutputFormats formats) {
  command.add_option("--json", options.json_path, "Write the JSON report to FILE");
  if (formats == OutputFormats::kDocuments) {
    command.add_option("--markdown", options.markdown_path, "Write the Markdown report to FILE");
    command.add_option("--html", options.html_path, "Write a self-contained HTML report to FILE");
  }
  if (formats == OutputFormats::kGateReport) {
    command.add_option("--markdown", options.markdown_path,
                       "Write the Markdown report (job summary / PR comment) to FILE; without it, "
                       "it is appended to $GITHUB_STEP_SUMMARY when that is set");
    command.add_option("--junit", options.junit_path, "Write a JUnit XML report to FILE");
    command.add_option("--html", options.html_path,
                       "Write a self-contained HTML report with plots to FILE");
    command.add_flag("--annotations", options.annotations,
                     "Print GitHub annotations (::error ...) after the table (default under "
                     "GitHub Actions)");
  }
  // Named like CLI::IsMember's choices ("WHEN:{auto,always,never}"), which the help shows and
  // the bash completion offers; CLI11's enum mapping would show "ENUM:value in {always->1,...}"
  // and say so again on a wrong value.
  command
      .add_option("--color", options.color,
                  "Colour: auto (default; honours NO_COLOR), always, never")
      ->transform(CLI::Validator(
          [](std::string& value) -> std::string {
            static const std::pair<const char*, util::ColorMode> kModes[] = {
                {"auto", util::ColorMode::kAuto},
                {"always", util::ColorMode::kAlways},
                {"never", util::ColorMode::kNever}};
            for (const auto& [name, mode] : kModes) {
              if (CLI::detail::to_lower(value) == name) {
                value = std::to_string(static_cast<int>(mode));
                return {};
              }
            }
            return "'" + value + "' is none of auto, always, never";
          },
          "{auto,always,never}"))
      ->type_name("WHEN");
}

ExitCode emit_report(const report::Report& report, const OutputOptions& options) {
  write_stdout(report::render_console(report, util::use_color(options.color, stdout)));
  if (options.annotations || environment("GITHUB_ACTIONS") == "true")
    write_stdout(report::render_annotations(report));
  if (options.json_path)
    util::write_file_atomically(*options.json_path, report::render_json(report));
  if (options.markdown_path) {
    util::write_file_atomically(*options.markdown_path, report::render_markdown(report));
  } else if (!environment("GITHUB_STEP_SUMMARY").empty()) {
    append_to_step_summary(std::string(environment("GITHUB_STEP_SUMMARY")),
                           report::render_markdown(report));
  }
  if (options.junit_path)
    util::write_file_atomically(*options.junit_path, report::render_junit(report));
  if (options.html_path)
    util::write_file_atomically(*options.html_path, report::render_html(report));
  return report.exit_code();
}

void emit_documents(const OutputOptions& options, const DocumentRenderers& render) {
  const std::string text = render.console(util::use_color(options.color, stdout));
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  if (options.json_path) util::write_file_atomically(*options.json_path, render.json());
  if (options.markdown_path) util::write_file_atomically(*options.markdown_path, render.markdown());
  if (options.html_path) util::write_file_atomically(*options.html_path, render.html());
}

}  // namespace perfwarden::cli
