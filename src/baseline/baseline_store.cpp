#include "baseline/baseline_store.h"

#include "git/tree_diff.h"
#include "util/files.h"

namespace perfwarden::baseline {
namespace fs = std::filesystem;

std::string BaselineSource::describe() const {
  if (directory) return directory->string();
  return "revision " + commit.substr(0, 12);
}

std::optional<BaselineFile> load_baseline(const BaselineSource& source, const std::string& suite,
                                          const std::string& machine_class) {
  std::string relative = baseline_path(suite, machine_class);
  std::optional<std::string> text;
  std::string origin;
  if (source.directory) {
    fs::path file = *source.directory / fs::path(relative).filename();
    origin = file.string();
    if (fs::exists(file)) text = util::read_text_file(file);
  } else {
    origin = relative + " at " + source.describe();
    text = git::read_file_at(*source.repository, source.commit, relative);
  }
  if (!text) return std::nullopt;
  return parse_baseline(*text, origin);
}

fs::path store_baseline(const fs::path& directory, const BaselineFile& baseline) {
  fs::path file =
      directory / fs::path(baseline_path(baseline.suite, baseline.machine_class)).filename();
  util::write_file_atomically(file, serialize_baseline(baseline));
  return file;
}

}  // namespace perfwarden::baseline
