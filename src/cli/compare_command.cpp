#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "util/error.h"

#include "cli/budget_option.h"
#include "cli/cache_limit_options.h"
#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/compare_pipeline.h"
#include "gate/shard.h"
#include "util/subprocess.h"
#include "util/terminal.h"

namespace perfwarden::cli {

namespace {
struct CompareArguments {
  gate::CompareOptions gate;
  OutputOptions output;
  std::optional<int> timeout_seconds;
  std::optional<std::string> budget;
  std::vector<int> looks;
  std::optional<std::string> shard;
  std::optional<std::string> deterministic;
  CacheLimitArguments cache_limits;
};

}  // namespace

void add_compare_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CompareArguments>();
  CLI::App* command = app.add_subcommand(
      "compare", "The PR gate: build base and head, run interleaved rounds, fail on regressions");
  command->add_option("--repo", args->gate.repository, "Git repository (default: .)");
  command
      ->add_option("--base", args->gate.base_spec, "Base revision (branch, tag, sha, HEAD~2, ...)")
      ->required();
  command->add_option("--head", args->gate.head_spec, "Head revision (default: HEAD)");
  command->add_flag("--merge-base", args->gate.use_merge_base,
                    "Compare head against the merge-base of base and head");
  command->add_option("--config", args->gate.config_file,
                      "Local policy file instead of perfwarden.json from the base revision");
  command->add_option(
      "--baseline-dir", args->gate.baseline_dir,
      "Stored baselines for the drift tier (default: the base revision's baselines/)");
  command->add_option("--cache-dir", args->gate.cache_dir,
                      "Build cache (default: $XDG_CACHE_HOME/perfwarden/builds)");
  add_cache_limit_options(*command, args->cache_limits, "--cache-");
  command
      ->add_option("--rounds", args->gate.rounds,
                   "A fixed number of rounds, no sequential looks (default: config looks)")
      ->check(CLI::Range(2, 1000));
  command
      ->add_option(
          "--looks", args->looks,
          "Sequential looks in cumulative rounds, e.g. 10,15,20 (default: config, else 10,15,20)")
      ->delimiter(',')
      ->check(CLI::Range(2, 1000));
  command
      ->add_option("--confirm-rounds", args->gate.confirmation_rounds,
                   "Fresh rounds re-checking each flagged regression; 0 disables (default: 10)")
      ->check(CLI::Range(0, 1000));
  command->add_option(
      "--budget", args->budget,
      "Cap on the primary stage's measuring time, e.g. 5m (undecided -> inconclusive)");
  command
      ->add_option("--min-time", args->gate.min_time_seconds,
                   "--benchmark_min_time per process, seconds (default: config, else 0.05)")
      ->check(CLI::Range(0.001, 60.0));
  command
      ->add_option("--timeout", args->timeout_seconds,
                   "Seconds one benchmark process may run (default: config, else 300)")
      ->check(CLI::Range(1, 86400));
  command
      ->add_option("--warmup", args->gate.warmup_rounds, "Unrecorded warm-up rounds (default: 1)")
      ->check(CLI::Range(0, 10));
  command->add_option("--seed", args->gate.seed, "Seed of the round order, to reproduce a run");
  command->add_option("--alpha", args->gate.alpha, "False-discovery rate (default: 0.05)")
      ->check(CLI::Range(0.0001, 0.5));
  command
      ->add_option("--metric", args->gate.metrics,
                   "What to compare: time, instructions (valgrind), or both: time,instructions")
      ->delimiter(',')
      ->check(CLI::IsMember({"time", "instructions"}));
  command
      ->add_option("--deterministic", args->deterministic,
                   "auto: profile what time did not settle under valgrind (instructions, "
                   "estimated cycles, placement, where it went); off: time alone (default: "
                   "config, else auto)")
      ->check(CLI::IsMember({"auto", "off"}));
  command->add_option(
      "--owner", args->gate.owners,
      "Owner named by the pull request, \"Name <email>\" (repeatable; named-owner policy)");
  command->add_option(
      "--shard", args->shard,
      "Measure only shard K of N (e.g. 1/2; a stable split by benchmark name); join "
      "the shards' --json reports with `perfwarden merge`");
  add_output_options(*command, args->output);

  command->callback([args, &action] {
    action = [args] {
      args->gate.cache_limits = resolve_cache_limits(args->cache_limits, "--cache-");
      if (args->timeout_seconds) args->gate.timeout = std::chrono::seconds(*args->timeout_seconds);
      if (args->budget) args->gate.budget = parse_budget(*args->budget);
      if (!args->looks.empty()) {
        if (!std::is_sorted(args->looks.begin(), args->looks.end(), std::less_equal<int>())) {
          throw usage_error("--looks must increase, e.g. 10,15,20");
        }
        args->gate.looks = args->looks;
      }
      if (args->shard) args->gate.shard = gate::parse_shard(*args->shard);
      if (args->deterministic) args->gate.deterministic = *args->deterministic == "auto";
      util::PosixProcessRunner runner;
      util::Progress progress(util::is_terminal(stderr));
      report::Report report = gate::run_compare(args->gate, runner, progress);
      ExitCode code = emit_report(report, args->output);
      if (args->gate.shard) {
        std::fprintf(
            stderr,
            "perfwarden: shard %s covers only its share of the benchmarks (adjusted within the "
            "shard); the gate's verdict is `perfwarden merge` of all shards' --json reports\n",
            args->shard->c_str());
      }
      return code;
    };
  });
}

}  // namespace perfwarden::cli
