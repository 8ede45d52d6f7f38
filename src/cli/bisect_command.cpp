#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/budget_option.h"
#include "cli/cache_limit_options.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/bisect_pipeline.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct BisectArguments {
  gate::BisectOptions gate;
  OutputOptions output;
  CacheLimitArguments cache_limits;
  std::optional<std::string> budget;
  std::optional<int> timeout_seconds;
};
}  // namespace

void add_bisect_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<BisectArguments>();
  CLI::App* command = app.add_subcommand(
      "bisect",
      "Find the commit(s) that made a benchmark slower: a search over the first-parent commits "
      "between good and bad, each probe measured against both ends");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command->add_option("--good", args->gate.good_spec, "A revision before the change")->required();
  command->add_option("--bad", args->gate.bad_spec, "A revision after it (default: HEAD)");
  command
      ->add_option("--benchmark", args->gate.benchmark,
                   "Benchmarks to bisect (RE2 over whole names); the one good and bad differ "
                   "most in is bisected")
      ->required();
  command
      ->add_option("--metric", args->gate.metric,
                   "time (default; the suite's time field) or instructions (valgrind: one "
                   "deterministic count per build)")
      ->check(CLI::IsMember({"time", "instructions"}));
  command->add_option("--config", args->gate.config_file,
                      "Local policy file instead of the good revision's perfwarden.json");
  command->add_option("--cache-dir", args->gate.cache_dir, "Build cache (default: perfwarden's)");
  add_cache_limit_options(*command, args->cache_limits, "--cache-");
  command
      ->add_option("--looks", args->gate.looks,
                   "Rounds at which a probe is decided, the last the most (default: 10,20,30)")
      ->delimiter(',');
  command->add_option("--budget", args->budget,
                      "Cap on the measuring time, e.g. 20m (probes after it are undecided)");
  command
      ->add_option("--min-change", args->gate.min_change,
                   "Smallest change searched for, relative (default: the benchmark's threshold; "
                   "for instructions the report threshold)")
      ->check(CLI::Range(0.0001, 10.0));
  command->add_option("--min-time", args->gate.min_time_seconds, "--benchmark_min_time per process")
      ->check(CLI::Range(0.001, 60.0));
  command->add_option("--timeout", args->timeout_seconds, "Seconds one benchmark process may run")
      ->check(CLI::Range(1, 86400));
  command->add_option("--alpha", args->gate.alpha, "Significance of each decision (default: 0.05)")
      ->check(CLI::Range(0.0001, 0.5));
  command->add_option("--seed", args->gate.seed, "Seed of the round order, to reproduce a run");
  command
      ->add_option("--max-steps", args->gate.max_steps,
                   "At most this many changes are searched for (default: 8)")
      ->check(CLI::Range(1, 64));
  add_output_options(*command, args->output, OutputFormats::kDocuments);

  command->callback([args, &action] {
    action = [args] {
      args->gate.cache_limits = resolve_cache_limits(args->cache_limits, "--cache-");
      if (args->timeout_seconds) args->gate.timeout = std::chrono::seconds(*args->timeout_seconds);
      if (args->budget) args->gate.budget = parse_budget(*args->budget);
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      report::BisectReport report = gate::run_bisect(args->gate, runner, progress);
      progress.clear();
      emit_documents(args->output,
                     {[&](bool color) { return report::render_bisect_console(report, color); },
                      [&] { return report::render_bisect_json(report); },
                      [&] { return report::render_bisect_markdown(report); },
                      [&] { return report::render_bisect_html(report); }});
      return report.exit_code();
    };
  });
}

}  // namespace perfwarden::cli
