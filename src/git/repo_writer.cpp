#include "git/repo_writer.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

constexpr std::int64_t kSecondsPerCommit = 60;

// Keeps writes inside the worktree: the paths are ours (demo scripts, tests), but a typo such
// as an absolute path must not write elsewhere on the machine.
void validate_relative_path(const std::string& path) {
  const std::filesystem::path relative(path);
  const bool escapes = std::any_of(relative.begin(), relative.end(),
                                   [](const std::filesystem::path& part) { return part == ".."; });
  if (path.empty() || relative.is_absolute() || escapes) {
    throw infrastructure_error("cannot write '" + path + "' into a repository",
                               "use a relative path without '..'");
  }
}

SignaturePtr make_signature(const Identity& who, std::int64_t unix_time) {
  git_signature* raw = nullptr;
  check(git_signature_new(&raw, who.name.c_str(), who.email.c_str(), unix_time, 0),
        "cannot create the signature of " + who.name);
  return SignaturePtr(raw);
}

void write_file(const std::filesystem::path& file, const std::string& content, bool executable) {
  std::filesystem::create_directories(file.parent_path());
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw infrastructure_error("cannot write " + file.string());
  }
  using std::filesystem::perms;
  const perms mode =
      executable
          ? (perms::owner_all | perms::group_read | perms::group_exec | perms::others_read |
             perms::others_exec)
          : (perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
  std::filesystem::permissions(file, mode);
}

IndexPtr repository_index(const Repository& repo) {
  git_index* raw = nullptr;
  check(git_repository_index(&raw, repo.raw()), "cannot open the index of " + repo.display_name());
  return IndexPtr(raw);
}

}  // namespace

RepoWriter RepoWriter::init(const std::filesystem::path& dir) {
  ensure_libgit2_initialised();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags =
      GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_MKDIR | GIT_REPOSITORY_INIT_NO_REINIT;
  options.initial_head = "main";
  git_repository* raw = nullptr;
  check(git_repository_init_ext(&raw, dir.c_str(), &options),
        "cannot create a repository in " + dir.string());
  return RepoWriter(Repository::adopt(RepositoryPtr(raw)));
}

std::int64_t RepoWriter::next_time(const CommitOptions& options) {
  const std::int64_t when = options.unix_time.value_or(clock_);
  clock_ = when + kSecondsPerCommit;
  return when;
}

std::string RepoWriter::commit(const std::map<std::string, std::string>& files_to_write,
                               const std::string& message, const Identity& author,
                               const std::vector<std::string>& files_to_delete,
                               const CommitOptions& options) {
  const std::filesystem::path worktree = repo_.workdir();
  const IndexPtr index = repository_index(repo_);

  for (const auto& [path, content] : files_to_write) {
    validate_relative_path(path);
    const bool executable =
        std::find(options.executable_paths.begin(), options.executable_paths.end(), path) !=
        options.executable_paths.end();
    write_file(worktree / path, content, executable);
    check(git_index_add_bypath(index.get(), path.c_str()), "cannot stage " + path);
  }
  for (const std::string& path : files_to_delete) {
    validate_relative_path(path);
    if (git_index_get_bypath(index.get(), path.c_str(), 0) == nullptr) {
      throw infrastructure_error("cannot delete '" + path + "': it is not tracked",
                                 "delete only files an earlier commit wrote");
    }
    std::error_code ignored;
    std::filesystem::remove(worktree / path, ignored);
    check(git_index_remove_bypath(index.get(), path.c_str()), "cannot unstage " + path);
  }
  for (const auto& [path, commit_id] : options.submodules) {
    validate_relative_path(path);
    std::filesystem::create_directories(worktree / path);
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_COMMIT;
    entry.id = parse_object_id(commit_id);
    entry.path = path.c_str();
    check(git_index_add(index.get(), &entry), "cannot stage submodule " + path);
  }
  check(git_index_write(index.get()), "cannot write the index of " + repo_.display_name());

  git_oid tree_id{};
  check(git_index_write_tree(&tree_id, index.get()), "cannot write the tree");
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo_.raw(), &tree_id), "cannot read the new tree");
  const TreePtr tree(raw_tree);

  // HEAD is unborn before the first commit; then the commit has no parents.
  CommitPtr parent;
  git_object* raw_head = nullptr;
  const int head_rc = git_revparse_single(&raw_head, repo_.raw(), "HEAD^{commit}");
  if (head_rc == 0) {
    parent.reset(reinterpret_cast<git_commit*>(raw_head));
  } else if (head_rc != GIT_ENOTFOUND && head_rc != GIT_EUNBORNBRANCH) {
    fail(head_rc, "cannot read HEAD of " + repo_.display_name());
  }
  const git_commit* parents[] = {parent.get()};

  const SignaturePtr signature = make_signature(author, next_time(options));
  git_oid commit_id{};
  check(git_commit_create(&commit_id, repo_.raw(), "HEAD", signature.get(), signature.get(),
                          nullptr, message.c_str(), tree.get(), parent ? 1 : 0, parents),
        "cannot commit to " + repo_.display_name());
  return to_hex(commit_id);
}

void RepoWriter::create_branch(const std::string& name, const std::string& commit_id) {
  const CommitPtr target = lookup_commit(repo_, commit_id);
  git_reference* raw = nullptr;
  check(git_branch_create(&raw, repo_.raw(), name.c_str(), target.get(), 0),
        "cannot create branch " + name);
  const ReferencePtr branch(raw);
}

void RepoWriter::checkout_branch(const std::string& name) {
  const std::string ref_name = "refs/heads/" + name;
  git_object* raw = nullptr;
  check(git_revparse_single(&raw, repo_.raw(), (ref_name + "^{commit}").c_str()),
        "cannot find branch " + name);
  const ObjectPtr target(raw);

  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_SAFE;
  check(git_checkout_tree(repo_.raw(), target.get(), &options), "cannot check out branch " + name,
        ExitCode::kInfrastructure, "commit or remove the uncommitted changes first");
  check(git_repository_set_head(repo_.raw(), ref_name.c_str()), "cannot move HEAD to " + name);
}

void RepoWriter::tag(const std::string& name, const std::string& commit_id) {
  const CommitPtr target = lookup_commit(repo_, commit_id);
  git_oid tag_id{};
  check(git_tag_create_lightweight(&tag_id, repo_.raw(), name.c_str(),
                                   reinterpret_cast<const git_object*>(target.get()), 0),
        "cannot create tag " + name);
}

void RepoWriter::annotated_tag(const std::string& name, const std::string& commit_id,
                               const std::string& message, const Identity& tagger) {
  const CommitPtr target = lookup_commit(repo_, commit_id);
  const SignaturePtr signature = make_signature(tagger, next_time({}));
  git_oid tag_id{};
  check(git_tag_create(&tag_id, repo_.raw(), name.c_str(),
                       reinterpret_cast<const git_object*>(target.get()), signature.get(),
                       message.c_str(), 0),
        "cannot create tag " + name);
}

}  // namespace perfwarden::git
