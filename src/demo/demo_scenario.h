#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "gate/compare_pipeline.h"

namespace perfwarden::demo {

// The bundled default scenario: a throwaway git repository, made with libgit2, holding this
// repository's own hot-path suites (bench_suites/ and perfwarden.json, compiled into the binary).
// The base commit is the suites as shipped; the head commit, co-authored by an AI assistant,
// changes one ordinary-looking planner line so that `INTEGER PRIMARY KEY` no longer aliases the
// rowid: the primary-key lookup becomes a full scan. Returns the options that gate it
// (base "main~1", head "main").
struct DemoRepository {
  std::filesystem::path path;
  gate::CompareOptions compare;
};

DemoRepository create_demo_repository(const std::filesystem::path& directory);

// The pieces, exposed for tests: the base commit's files, and the planner with the flipped line
// (throws when the line is missing, so the demo can never silently stop regressing).
std::map<std::string, std::string> demo_base_files();
std::string regress_planner(const std::string& planner_source);

}  // namespace perfwarden::demo
