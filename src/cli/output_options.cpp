#include "cli/output_options.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>

#include "report/console_renderer.h"
#include "report/json_renderer.h"
#include "util/files.h"

namespace perfwarden::cli {

void add_output_options(CLI::App& command, OutputOptions& options) {
  command.add_option("--json", options.json_path, "Write the JSON report to FILE");
  std::map<std::string, util::ColorMode> modes = {{"auto", util::ColorMode::kAuto},
                                                  {"always", util::ColorMode::kAlways},
                                                  {"never", util::ColorMode::kNever}};
  command
      .add_option("--color", options.color,
                  "Colour: auto (default; honours NO_COLOR), always, never")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
}

ExitCode emit_report(const report::Report& report, const OutputOptions& options) {
  std::string table = report::render_console(report, util::use_color(options.color, stdout));
  std::fwrite(table.data(), 1, table.size(), stdout);
  std::fflush(stdout);
  if (options.json_path)
    util::write_file_atomically(*options.json_path, report::render_json(report));
  return report.exit_code();
}

}  // namespace perfwarden::cli
