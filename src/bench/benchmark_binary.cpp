#include "bench/benchmark_binary.h"

namespace perfwarden::bench {

std::vector<std::string> BenchmarkBinary::command() const {
  std::vector<std::string> argv = {path.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string BenchmarkBinary::label() const {
  return std::string(to_string(side)) + " suite '" + suite + "' (" + path.string() + ")";
}

BenchmarkBinary suite_binary(Side side, const config::Suite& suite,
                             const config::RevisionDirs& dirs) {
  BenchmarkBinary binary{.side = side,
                         .suite = suite.name,
                         .path = dirs.build / suite.binary,
                         .filter = suite.filter,
                         .args = config::expand_placeholders(suite.args, dirs)};
  for (const auto& [name, value] : suite.env)
    binary.environment.emplace_back(name, config::expand_placeholders(value, dirs));
  if (!suite.working_directory.empty())
    binary.working_directory = config::expand_placeholders(suite.working_directory, dirs);
  return binary;
}

}  // namespace perfwarden::bench
