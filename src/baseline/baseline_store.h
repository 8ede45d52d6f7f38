#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "baseline/baseline_file.h"

namespace perfwarden::git {
class Repository;
}

namespace perfwarden::baseline {

// Where baselines are read from. The gate reads them from a trusted place only: the base
// revision's committed baselines/ (never the head's: a pull request must not be able to move its
// own reference), or a maintainer's local directory.
struct BaselineSource {
  const git::Repository* repository = nullptr;  // with `commit`: read from that revision
  std::string commit;
  std::optional<std::filesystem::path> directory;  // instead: a local baselines/ directory

  std::string describe() const;  // "base 1a2b3c4d5e6f" or the directory
};

// The suite's baseline for this machine class, or nullopt when none is stored.
// Throws perfwarden::Error (usage) for a file that exists but is invalid.
std::optional<BaselineFile> load_baseline(const BaselineSource& source, const std::string& suite,
                                          const std::string& machine_class);

// Writes atomically into `directory` (temp file + fsync + rename): an interrupted or failed
// update leaves the previous file byte for byte. Returns the path written.
std::filesystem::path store_baseline(const std::filesystem::path& directory,
                                     const BaselineFile& baseline);

}  // namespace perfwarden::baseline
