#pragma once

// {src} and {build}: the materialised source tree and the build directory of one revision. They
// differ for every cache entry, so the config names them instead of any machine's paths; build
// steps and a suite's args, env and working directory all take them.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::config {

struct RevisionDirs {
  std::filesystem::path source;
  std::filesystem::path build;
};

// The name inside the first {...} of `text` that is neither src nor build; empty when all are.
std::string unknown_placeholder(std::string_view text);

std::string expand_placeholders(std::string text, const RevisionDirs& dirs);
std::vector<std::string> expand_placeholders(const std::vector<std::string>& texts,
                                             const RevisionDirs& dirs);

}  // namespace perfwarden::config
