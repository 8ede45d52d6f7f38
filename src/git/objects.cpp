#include "git/objects.h"

#include <algorithm>
#include <cctype>

#include "git/libgit2_error.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

constexpr std::size_t kHexIdLength = 40;

// Looks up any object by id and peels it to `type`, with one message for "absent" and one for
// "present but the wrong kind", both usage errors: ids come from the command line or baselines.
ObjectPtr lookup_peeled(const Repository& repo, std::string_view id_text, git_object_t type,
                        std::string_view noun) {
  const git_oid id = parse_object_id(id_text);
  git_object* raw = nullptr;
  const int rc = git_object_lookup(&raw, repo.raw(), &id, GIT_OBJECT_ANY);
  if (rc == GIT_ENOTFOUND) {
    throw usage_error(
        std::string(noun) + " " + std::string(id_text) + " not found in " + repo.display_name(),
        "fetch it first, or check the id with `git log --oneline`");
  }
  check(rc, "cannot read object " + std::string(id_text));
  ObjectPtr object(raw);

  git_object* peeled = nullptr;
  const int peel_rc = git_object_peel(&peeled, object.get(), type);
  if (peel_rc == GIT_EINVALIDSPEC || peel_rc == GIT_EPEEL || peel_rc == GIT_ENOTFOUND) {
    throw usage_error(std::string(id_text) + " in " + repo.display_name() + " is a " +
                          git_object_type2string(git_object_type(object.get())) + ", not a " +
                          std::string(noun),
                      "pass a commit id");
  }
  check(peel_rc, "cannot peel " + std::string(id_text));
  return ObjectPtr(peeled);
}

}  // namespace

std::string to_hex(const git_oid& id) {
  char text[kHexIdLength + 1] = {};
  git_oid_tostr(text, sizeof text, &id);
  return std::string(text, kHexIdLength);
}

bool is_full_object_id(std::string_view text) {
  return text.size() == kHexIdLength && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

git_oid parse_object_id(std::string_view text) {
  if (!is_full_object_id(text)) {
    // Ids are printed only after validation elsewhere; here we may hold anything, so cap it.
    const std::string shown(text.substr(0, 64));
    throw usage_error("invalid object id '" + shown + "'",
                      "expected 40 hex characters; resolve names like `main` first");
  }
  git_oid id{};
  check(git_oid_fromstrn(&id, text.data(), text.size()), "cannot parse object id");
  return id;
}

CommitPtr lookup_commit(const Repository& repo, std::string_view commit_id) {
  ObjectPtr object = lookup_peeled(repo, commit_id, GIT_OBJECT_COMMIT, "commit");
  return CommitPtr(reinterpret_cast<git_commit*>(object.release()));
}

bool holds_commit(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo.raw(), &id) < 0) return false;
  git_commit_free(raw);
  return true;
}

TreePtr lookup_tree(const Repository& repo, std::string_view tree_or_commit_id) {
  if (tree_or_commit_id.empty()) return nullptr;
  ObjectPtr object = lookup_peeled(repo, tree_or_commit_id, GIT_OBJECT_TREE, "tree or commit");
  return TreePtr(reinterpret_cast<git_tree*>(object.release()));
}

}  // namespace perfwarden::git
