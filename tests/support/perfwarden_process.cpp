#include "support/perfwarden_process.h"

#include "util/files.h"

namespace perfwarden::testing {

CliRun run_perfwarden(const std::string& binary, const std::vector<std::string>& args,
                      std::chrono::seconds timeout) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  util::PosixProcessRunner runner;
  // Empty GITHUB_* values: a test run inside GitHub Actions must not annotate or write the
  // job summary of the CI job that runs the tests.
  auto result = runner.run(
      {.argv = argv,
       .timeout = timeout,
       .environment = {{"NO_COLOR", "1"}, {"GITHUB_STEP_SUMMARY", ""}, {"GITHUB_ACTIONS", ""}}});
  CliRun run;
  run.exit_code = result.succeeded()
                      ? 0
                      : (result.timed_out || result.terminating_signal ? -1 : result.exit_code);
  run.out = result.stdout_text;
  run.err = result.stderr_text;
  return run;
}

std::vector<std::string> compare_args(const std::filesystem::path& repo, const std::string& base,
                                      const std::string& head, const std::filesystem::path& json,
                                      const std::filesystem::path& cache,
                                      const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"compare",     "--repo",      repo.string(), "--base",
                                   base,          "--head",      head,          "--json",
                                   json.string(), "--cache-dir", cache.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

nlohmann::json read_json(const std::filesystem::path& path) {
  return nlohmann::json::parse(util::read_text_file(path));
}

nlohmann::json find_benchmark(const nlohmann::json& report, const std::string& name) {
  for (const auto& b : report.at("benchmarks")) {
    if (b.at("name") == name) return b;
  }
  return nullptr;
}

}  // namespace perfwarden::testing
