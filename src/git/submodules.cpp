#include "git/submodules.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <system_error>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/text_limits.h"

namespace perfwarden::git {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 8;
constexpr std::size_t kMaxSubmodules = 1000;
constexpr std::size_t kMaxModuleRepositories = 256;  // scanned under <git dir>/modules
constexpr int kMaxModuleNameDepth = 6;               // directories in a module's name

struct Gitlink {
  std::string path;
  git_oid id;
};

struct Gitlinks {
  std::vector<Gitlink> links;
  bool full = false;  // kMaxSubmodules reached: the walk was stopped
};

int collect_gitlink(const char* root, const git_tree_entry* entry, void* payload) {
  auto& found = *static_cast<Gitlinks*>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_COMMIT) return 0;
  if (found.links.size() >= kMaxSubmodules) {
    found.full = true;
    return -1;  // stops the walk (git_tree_walk then returns it)
  }
  found.links.push_back(
      {std::string(root) + git_tree_entry_name(entry), *git_tree_entry_id(entry)});
  return 0;
}

std::vector<Gitlink> gitlinks_of(const Repository& repo, const std::string& commit_id) {
  const TreePtr tree = lookup_tree(repo, commit_id);
  Gitlinks found;
  if (!tree) return found.links;
  const int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_gitlink, &found);
  if (rc < 0 && !found.full) check(rc, "cannot read the tree of commit " + commit_id);
  return std::move(found.links);
}

// A path from a tree that is safe to append to a directory: relative, no "", ".", ".." or
// ".git" component (git's own checkout refuses those too).
bool is_plain_relative_path(const std::string& path) {
  const fs::path relative(path);
  if (path.empty() || relative.is_absolute()) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = path.find('/', start);
    std::string part = path.substr(start, end - start);
    std::transform(part.begin(), part.end(), part.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (part.empty() || part == "." || part == ".." || part == ".git") return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

// Opens exactly `dir` (no search upward: an ordinary directory must not resolve to the
// repository around it); nullopt when it is not a repository.
std::optional<Repository> open_exactly(const fs::path& dir) {
  std::error_code ignored;
  if (!fs::is_directory(dir, ignored)) return std::nullopt;
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0) {
    return std::nullopt;
  }
  return Repository::adopt(RepositoryPtr(raw));
}

// Every git directory under <git dir>/modules, not descending into one (its own modules/ holds
// the nested submodules, found from it).
std::vector<fs::path> module_repositories(const fs::path& modules_dir) {
  std::vector<fs::path> found;
  std::vector<std::pair<fs::path, int>> pending{{modules_dir, 0}};
  std::error_code ec;
  while (!pending.empty() && found.size() < kMaxModuleRepositories) {
    auto [dir, depth] = pending.back();
    pending.pop_back();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
      const fs::path child = it->path();
      if (fs::exists(child / "HEAD", ec) && fs::is_directory(child / "objects", ec)) {
        found.push_back(child);
      } else if (depth + 1 < kMaxModuleNameDepth) {
        pending.emplace_back(child, depth + 1);
      }
    }
  }
  std::sort(found.begin(), found.end());  // the same answer whatever order the directory lists
  return found;
}

// The repository holding `link`'s commit (the order is find_submodules()'s); `scanned` caches
// the listing of <git dir>/modules.
std::optional<Repository> locate(const Repository& repo, const Gitlink& link,
                                 std::optional<std::vector<fs::path>>& scanned) {
  auto holding = [&](const fs::path& dir) -> std::optional<Repository> {
    auto candidate = open_exactly(dir);
    if (candidate && holds_commit(*candidate, link.id)) return candidate;
    return std::nullopt;
  };
  // The path also names the directory it is written into: never one outside the tree.
  if (!is_plain_relative_path(link.path)) return std::nullopt;
  const fs::path modules = repo.git_dir() / "modules";
  if (auto by_name = holding(modules / link.path)) return by_name;
  if (!repo.workdir().empty()) {
    if (auto in_place = holding(repo.workdir() / link.path)) return in_place;
  }
  if (!scanned) scanned = module_repositories(modules);
  for (const fs::path& dir : *scanned) {
    if (auto renamed = holding(dir)) return renamed;
  }
  if (holds_commit(repo, link.id)) return open_exactly(repo.git_dir());
  return std::nullopt;
}

class SubmoduleFinder {
 public:
  std::vector<Submodule> find(const Repository& repo, const std::string& commit_id) {
    visit(repo, commit_id, "", 0);
    return std::move(found_);
  }

 private:
  void visit(const Repository& repo, const std::string& commit_id, const std::string& prefix,
             int depth) {
    if (depth >= kMaxDepth) return;
    std::optional<std::vector<fs::path>> scanned;  // <git dir>/modules, listed when first needed
    for (const Gitlink& link : gitlinks_of(repo, commit_id)) {
      if (found_.size() >= kMaxSubmodules) return;
      Submodule submodule{prefix + link.path, to_hex(link.id), {}};
      std::optional<Repository> holder = locate(repo, link, scanned);
      if (holder) submodule.git_dir = holder->git_dir();
      found_.push_back(submodule);
      if (holder) visit(*holder, submodule.commit_id, submodule.path + "/", depth + 1);
    }
  }

  std::vector<Submodule> found_;
};

}  // namespace

std::optional<Repository> open_submodule_repository(const Repository& repo, const std::string& path,
                                                    const std::string& commit_id) {
  if (!is_full_object_id(commit_id)) return std::nullopt;
  std::optional<std::vector<fs::path>> scanned;
  return locate(repo, {path, parse_object_id(commit_id)}, scanned);
}

std::vector<Submodule> find_submodules(const Repository& repo, const std::string& commit_id) {
  return SubmoduleFinder().find(repo, commit_id);
}

std::vector<Submodule> missing_submodules(const std::vector<Submodule>& submodules) {
  std::vector<Submodule> missing;
  std::copy_if(submodules.begin(), submodules.end(), std::back_inserter(missing),
               [](const Submodule& s) { return !s.available(); });
  return missing;
}

std::string describe_missing_submodules(const std::vector<Submodule>& missing) {
  std::string text;
  for (const Submodule& submodule : missing) {
    if (!text.empty()) text += "; ";
    text += "submodule " + printable(submodule.path) + " (commit " +
            submodule.commit_id.substr(0, 12) + ") is not in this clone";
  }
  return text;
}

}  // namespace perfwarden::git
