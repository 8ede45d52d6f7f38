#pragma once

#include <filesystem>
#include <optional>

#include "config/gate_config.h"

namespace perfwarden::git {
class Repository;
}

namespace perfwarden::config {

// The gate's policy comes from a trusted place: the maintainer's local file when given
// (--config), otherwise perfwarden.json as committed in the BASE revision. The head revision's
// copy is never read for policy: a pull request must not be able to relax its own gate.
GateConfig load_gate_config(const git::Repository& repository, const std::string& base_commit_id,
                            const std::optional<std::filesystem::path>& local_config);

}  // namespace perfwarden::config
