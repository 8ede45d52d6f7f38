#pragma once

// Every committed version of the stored baselines along the first-parent line of a trusted
// revision: the raw material of `perfwarden history`.

#include <cstddef>
#include <string>
#include <vector>

#include "baseline/baseline_file.h"
#include "git/directory_history.h"
#include "git/repository.h"

namespace perfwarden::baseline {

// One baseline file as a commit left it (a refresh).
struct BaselineVersion {
  git::HistoryCommit commit;  // the commit that added or changed the file
  std::string path;           // "baselines/<suite>.<machine class>.json"
  BaselineFile file;
};

struct BaselineHistory {
  std::vector<BaselineVersion> versions;  // oldest first; by path within a commit
  // Versions left out, each naming the commit and the file: not valid baseline JSON, or a file
  // whose name, suite and machine class disagree (a series must never mix machine classes).
  std::vector<std::string> warnings;
  std::size_t commits_walked = 0;   // first-parent commits read
  std::size_t refresh_commits = 0;  // of them, commits that added or changed a baseline file
  std::string cut_at;               // see git::DirectoryHistory::cut_at
};

// Reads baselines/*.json at every first-parent commit of `commit_id` (40 hex) where one was
// added or changed, and parses each with parse_baseline. A version that does not parse is a
// warning, never an error. Throws Error(kUsage) for an unknown commit, Error(kInfrastructure)
// when the repository cannot be read.
BaselineHistory read_baseline_history(const git::Repository& repo, const std::string& commit_id);

}  // namespace perfwarden::baseline
