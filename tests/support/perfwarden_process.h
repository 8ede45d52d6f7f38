#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/subprocess.h"

namespace perfwarden::testing {

// Runs the built perfwarden binary (never through a shell) and keeps what it printed.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliRun run_perfwarden(const std::string& binary, const std::vector<std::string>& args,
                      std::chrono::seconds timeout = std::chrono::seconds(300));

// `compare --repo R --base B --head H --json J --cache-dir C`, then `extra`.
std::vector<std::string> compare_args(const std::filesystem::path& repo, const std::string& base,
                                      const std::string& head, const std::filesystem::path& json,
                                      const std::filesystem::path& cache,
                                      const std::vector<std::string>& extra = {});

nlohmann::json read_json(const std::filesystem::path& path);

// The benchmark entry named `name` in a JSON report, or null.
nlohmann::json find_benchmark(const nlohmann::json& report, const std::string& name);

}  // namespace perfwarden::testing
