#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "bench/side.h"
#include "config/gate_config.h"
#include "config/placeholders.h"

namespace perfwarden::bench {

// One registered benchmark binary of one build, with the suite's args, env and working directory
// expanded for that build's directories.
struct BenchmarkBinary {
  Side side = Side::kBase;
  std::string suite;
  std::filesystem::path path;
  std::string filter;
  std::vector<std::string> args;  // the suite's own, before perfwarden's --benchmark_* flags
  std::vector<std::pair<std::string, std::string>> environment;
  std::filesystem::path working_directory;  // empty: the binary's own directory

  // The program and the suite's args; every kind of run appends its own flags.
  std::vector<std::string> command() const;
  std::filesystem::path directory() const {
    return working_directory.empty() ? path.parent_path() : working_directory;
  }
  // "head suite 'core' (/cache/.../bench_core)", for progress and failures.
  std::string label() const;
};

BenchmarkBinary suite_binary(Side side, const config::Suite& suite,
                             const config::RevisionDirs& dirs);

// A registered suite and the two builds it runs in (the same one twice for an A/A run).
struct SuitePair {
  config::Suite suite;
  config::RevisionDirs base_dirs;
  config::RevisionDirs head_dirs;

  // The suite's binary on one side; its filter is the suite's (a shard narrows it).
  BenchmarkBinary binary(Side side) const {
    return suite_binary(side, suite, side == Side::kBase ? base_dirs : head_dirs);
  }
};

}  // namespace perfwarden::bench
