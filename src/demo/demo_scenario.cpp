#include "demo/demo_scenario.h"

#include <map>

#include "demo/embedded_files.h"
#include "git/repo_writer.h"
#include "util/error.h"

namespace perfwarden::demo {
namespace {

// The one-line change the demo's head commit makes: `INTEGER PRIMARY KEY` stops aliasing the
// rowid, so the primary-key lookup becomes a full scan (bench_suites/pk_lookup/README.md).
constexpr std::string_view kPlannerPath = "bench_suites/pk_lookup/planner.cpp";
constexpr std::string_view kRowidAliasLine =
    R"(return column.primary_key && column.declared_type == "INTEGER";)";
constexpr std::string_view kRegressedLine =
    R"(return column.primary_key && column.declared_type == "INT";)";

constexpr const char* kHeadMessage =
    "pk_lookup: simplify the rowid alias check\n"
    "\n"
    "Normalise the primary-key type test to the INT affinity name.\n"
    "\n"
    "Co-authored-by: Claude <noreply@anthropic.com>\n";

}  // namespace

std::map<std::string, std::string> demo_base_files() {
  std::map<std::string, std::string> files;
  for (const auto& file : embedded_files())
    files[std::string(file.path)] = std::string(file.content);
  return files;
}

std::string regress_planner(const std::string& planner_source) {
  auto at = planner_source.find(kRowidAliasLine);
  if (at == std::string::npos) {
    throw infrastructure_error(
        "internal: the demo cannot find the rowid alias check in " + std::string(kPlannerPath),
        "keep bench_suites/pk_lookup/README.md's 'line the demo flips' in sync with planner.cpp");
  }
  std::string regressed = planner_source;
  regressed.replace(at, kRowidAliasLine.size(), kRegressedLine);
  return regressed;
}

DemoRepository create_demo_repository(const std::filesystem::path& directory) {
  auto files = demo_base_files();
  auto writer = git::RepoWriter::init(directory);
  writer.commit(files, "Bundled hot-path suites: KV-cache kernels and the PK lookup\n");
  writer.commit({{std::string(kPlannerPath), regress_planner(files.at(std::string(kPlannerPath)))}},
                kHeadMessage, git::Identity{"Dev Eloper", "dev@example.com"});
  DemoRepository demo;
  demo.path = directory;
  demo.compare.repository = directory;
  demo.compare.base_spec = "main~1";
  demo.compare.head_spec = "main";
  return demo;
}

}  // namespace perfwarden::demo
