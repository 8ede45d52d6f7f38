#include <CLI/CLI.hpp>

#include <memory>

#include "cli/commands.h"
#include "cli/output_options.h"
#include "gate/shard_merge.h"
#include "report/json_reader.h"

namespace perfwarden::cli {

namespace {
struct MergeArguments {
  std::vector<std::string> reports;
  OutputOptions output;
};
}  // namespace

void add_merge_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<MergeArguments>();
  CLI::App* command = app.add_subcommand(
      "merge", "One verdict from the --json reports of `compare --shard K/N`, K = 1..N");
  command->add_option("reports", args->reports, "The shard reports, e.g. shard-*.json")->required();
  add_output_options(*command, args->output);

  command->callback([args, &action] {
    action = [args] {
      std::vector<gate::ShardReport> shards;
      for (const auto& path : args->reports)
        shards.push_back({path, report::read_json_report_file(path)});
      return emit_report(gate::merge_shard_reports(std::move(shards)), args->output);
    };
  });
}

}  // namespace perfwarden::cli
