#include "util/find_program.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace perfwarden::util {
namespace fs = std::filesystem;

std::optional<fs::path> find_program(const std::string& program) {
  auto executable = [](const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
  };
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    if (executable(program)) return fs::path(program);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view dirs(path);
  for (;;) {
    std::size_t colon = dirs.find(':');
    fs::path candidate =
        fs::path(dirs.substr(0, colon).empty() ? "." : dirs.substr(0, colon)) / program;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

}  // namespace perfwarden::util
