#include "baseline/baseline_history.h"

#include "git/text_limits.h"
#include "git/tree_diff.h"
#include "util/error.h"

namespace perfwarden::baseline {
namespace {

constexpr std::string_view kLeftOut = "; this version is left out of the history";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Why a parsed file cannot join a series, or empty.
std::string inconsistency(const std::string& path, const BaselineFile& file) {
  const std::string expected = baseline_path(file.suite, file.machine_class);
  if (path != expected) {
    return "it holds suite '" + file.suite + "' on machine class '" + file.machine_class +
           "', which belongs in " + expected;
  }
  const std::string measured_on = file.provenance.environment.machine_class();
  if (measured_on != file.machine_class) {
    return "its provenance.environment is machine class '" + measured_on + "', not '" +
           file.machine_class + "'";
  }
  return {};
}

}  // namespace

BaselineHistory read_baseline_history(const git::Repository& repo, const std::string& commit_id) {
  const git::DirectoryHistory directory =
      git::directory_history(repo, commit_id, std::string(kBaselineDirectory));
  BaselineHistory history;
  history.commits_walked = directory.commits_walked;
  history.cut_at = directory.cut_at;
  for (const auto& version : directory.versions) {
    bool refreshed = false;
    for (const auto& path : version.changed_files) {
      if (!ends_with(path, ".json")) continue;
      refreshed = true;
      const std::string origin = git::printable(path) + " at commit " +
                                 version.commit.id.substr(0, 12) + " (" +
                                 git::printable(version.commit.subject) + ")";
      try {
        std::optional<std::string> text = git::read_file_at(repo, version.commit.id, path);
        if (!text) continue;  // cannot happen: the walk listed it as a regular file
        BaselineFile file = parse_baseline(*text, origin);
        if (std::string problem = inconsistency(path, file); !problem.empty()) {
          history.warnings.push_back(origin + ": " + problem + std::string(kLeftOut));
          continue;
        }
        history.versions.push_back(BaselineVersion{version.commit, path, std::move(file)});
      } catch (const Error& e) {
        if (e.exit_code() != ExitCode::kUsage) throw;  // the repository itself failed
        std::string what = e.what();
        if (what.rfind(origin, 0) != 0) what = origin + ": " + what;
        history.warnings.push_back(what + std::string(kLeftOut));
      }
    }
    if (refreshed) ++history.refresh_commits;
  }
  return history;
}

}  // namespace perfwarden::baseline
