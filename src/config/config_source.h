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

// For a change (compare): as load_gate_config, except when the base has no perfwarden.json at
// all and the head adds one. Then there is no base policy the pull request could weaken (the
// gate is not set up yet), so the head's config is used as proposed and `introduced` is set;
// every report says so. A head that edits or deletes an existing config changes nothing.
GateConfig load_gate_config_for_change(const git::Repository& repository,
                                       const std::string& base_commit_id,
                                       const std::string& head_commit_id,
                                       const std::optional<std::filesystem::path>& local_config,
                                       bool& introduced);

}  // namespace perfwarden::config
