#include "gate/identical_code.h"

#include <algorithm>
#include <map>

#include "build/loadable_image.h"
#include "policy/change_kind.h"

namespace perfwarden::gate {
namespace fs = std::filesystem;
namespace {

bool is_shared_library(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 3 &&
         (name.compare(name.size() - 3, 3, ".so") == 0 || name.find(".so.") != std::string::npos);
}

// Relative path → file, for the regular shared libraries under `dir` (symbolic links name
// the same files twice; CMake's own scratch directories hold none worth comparing).
std::map<std::string, fs::path> shared_libraries(const fs::path& dir) {
  std::map<std::string, fs::path> libraries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_symlink() || !it->is_regular_file() || !is_shared_library(it->path())) continue;
    libraries[fs::relative(it->path(), dir).generic_string()] = it->path();
  }
  return libraries;
}

bool same_image(const fs::path& base, const fs::path& head, std::string& why) {
  std::string problem;
  auto base_image = build::loadable_image_of(base, problem);
  auto head_image = base_image ? build::loadable_image_of(head, problem) : std::nullopt;
  if (!base_image || !head_image) {
    why = problem;
    return false;
  }
  if (*base_image != *head_image) {
    why = head.filename().string() + " loads different bytes";
    return false;
  }
  return true;
}

}  // namespace

bool change_acts_only_through_code(const std::vector<std::string>& changed_paths) {
  return std::none_of(changed_paths.begin(), changed_paths.end(), [](const std::string& path) {
    return policy::classify_change(path) == policy::ChangeKind::kOther;
  });
}

bool same_loaded_code(const fs::path& base_binary, const fs::path& head_binary,
                      const fs::path& base_build_dir, const fs::path& head_build_dir,
                      std::string& why) {
  if (!same_image(base_binary, head_binary, why)) return false;
  const auto base_libraries = shared_libraries(base_build_dir);
  const auto head_libraries = shared_libraries(head_build_dir);
  for (const auto& [relative, path] : head_libraries) {
    if (!base_libraries.count(relative)) {
      why = relative + " is new in the head's build";
      return false;
    }
  }
  for (const auto& [relative, path] : base_libraries) {
    auto head = head_libraries.find(relative);
    if (head == head_libraries.end()) {
      why = relative + " is gone from the head's build";
      return false;
    }
    if (!same_image(path, head->second, why)) return false;
  }
  return true;
}

std::vector<report::BenchmarkResult> identical_code_results(
    const config::Suite& suite, const std::vector<std::string>& names,
    const config::GateConfig& config, const std::vector<std::string>& metrics) {
  std::vector<report::BenchmarkResult> results;
  for (const auto& metric : metrics) {
    for (const auto& name : names) {
      report::BenchmarkResult r;
      r.suite = suite.name;
      r.name = name;
      r.metric = metric == "time" ? std::string(config::gated_time_metric(suite, name)) : metric;
      r.verdict = policy::Verdict::kSame;
      r.advisory = config.is_advisory(name);
      r.threshold = metric == "instructions" ? config.instructions.fail
                                             : config.thresholds.for_benchmark(name);
      r.confidence = 1.0;
      r.reason =
          "identical code: the base and head builds load the same bytes, so nothing was "
          "measured";
      results.push_back(std::move(r));
    }
  }
  return results;
}

}  // namespace perfwarden::gate
