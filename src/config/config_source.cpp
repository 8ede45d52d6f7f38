#include "config/config_source.h"

#include "git/tree_diff.h"
#include "util/error.h"
#include "util/files.h"

namespace perfwarden::config {

GateConfig load_gate_config(const git::Repository& repository, const std::string& base_commit_id,
                            const std::optional<std::filesystem::path>& local_config) {
  if (local_config) {
    if (!std::filesystem::is_regular_file(*local_config)) {
      throw usage_error("config file " + local_config->string() + " does not exist",
                        "check the path given to --config");
    }
    return parse_gate_config(util::read_text_file(*local_config), local_config->string());
  }
  std::string origin = std::string(kConfigFileName) + " at base " + base_commit_id.substr(0, 12);
  auto text = git::read_file_at(repository, base_commit_id, std::string(kConfigFileName));
  if (!text) {
    throw usage_error(origin + ": not found in the base revision",
                      "commit a perfwarden.json registering your benchmark suites to the base "
                      "branch, or pass --config FILE");
  }
  return parse_gate_config(*text, origin);
}

GateConfig load_gate_config_for_change(const git::Repository& repository,
                                       const std::string& base_commit_id,
                                       const std::string& head_commit_id,
                                       const std::optional<std::filesystem::path>& local_config,
                                       bool& introduced) {
  introduced = false;
  if (!local_config &&
      !git::read_file_at(repository, base_commit_id, std::string(kConfigFileName))) {
    if (auto proposed =
            git::read_file_at(repository, head_commit_id, std::string(kConfigFileName))) {
      introduced = true;
      return parse_gate_config(*proposed, std::string(kConfigFileName) + " at head " +
                                              head_commit_id.substr(0, 12) +
                                              " (introduced by this change)");
    }
  }
  return load_gate_config(repository, base_commit_id, local_config);
}

}  // namespace perfwarden::config
