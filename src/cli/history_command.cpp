#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/history.h"
#include "report/history_html.h"
#include "report/history_report.h"
#include "util/files.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct HistoryArguments {
  gate::HistoryOptions gate;
  OutputOptions output;
  std::optional<std::string> suite, benchmark, since;
};
}  // namespace

void add_history_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<HistoryArguments>();
  CLI::App* command = app.add_subcommand(
      "history",
      "How each stored baseline moved along a branch, with its change points (maintainers)");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command->add_option("--rev", args->gate.revision,
                      "Trusted revision whose first-parent history is read (default: HEAD)");
  command->add_option("--suite", args->suite, "Only this suite");
  command->add_option("--benchmark", args->benchmark,
                      "Only benchmarks whose whole name matches this RE2 pattern");
  command->add_option("--since", args->since,
                      "Only refreshes committed since a UTC date (2024-01-01) or an age (90d)");
  command
      ->add_option("--metric", args->gate.metrics,
                   "real_time, cpu_time, instructions, time (both times); default: every one "
                   "stored")
      ->delimiter(',')
      ->check(CLI::IsMember({"real_time", "cpu_time", "instructions", "time"}));
  command
      ->add_option("--max-pvalue", args->gate.max_p_value,
                   "Significance of a change point (default: 0.001, as Hunter)")
      ->check(CLI::Range(1e-12, 0.5));
  command
      ->add_option("--min-change", args->gate.min_change,
                   "Smallest relative change reported, e.g. 0.02 (default: 0.002; 0 reports every "
                   "significant one)")
      ->check(CLI::Range(0.0, 10.0));
  command->add_option("--commit-url", args->gate.commit_url,
                      "Link commits to TEMPLATE, e.g. https://github.com/o/r/commit/{sha}");
  add_output_options(*command, args->output, OutputFormats::kDocuments);

  command->callback([args, &action] {
    action = [args] {
      args->gate.suite = args->suite;
      args->gate.benchmark = args->benchmark;
      args->gate.since = args->since;
      util::Progress progress(util::is_terminal(stderr));
      const report::HistoryReport report = gate::run_history(args->gate, progress);
      progress.clear();
      emit_documents(args->output,
                     {[&](bool color) { return report::render_history_console(report, color); },
                      [&] { return report::render_history_json(report); },
                      [&] { return report::render_history_markdown(report); },
                      [&] { return report::render_history_html(report); }});
      return ExitCode::kPass;
    };
  });
}

}  // namespace perfwarden::cli
