#include "git/revision.h"

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/text_limits.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

constexpr std::size_t kMaxSummaryBytes = 1024;

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

void validate_revspec(std::string_view spec) {
  if (spec.empty()) {
    throw usage_error("empty revision", "name a branch, tag or commit, e.g. `main` or `HEAD~1`");
  }
  if (spec.size() > kMaxRevspecLength) {
    throw usage_error("revision is " + std::to_string(spec.size()) + " bytes long, over the " +
                          std::to_string(kMaxRevspecLength) + "-byte limit",
                      "name a branch, tag or commit id instead");
  }
  for (const char c : spec) {
    if (is_control(c)) {
      throw usage_error("revision '" + printable(spec) + "' contains control characters",
                        "name a branch, tag or commit id");
    }
  }
  if (spec.front() == '-') {
    throw usage_error("revision '" + std::string(spec) + "' starts with '-'",
                      "revisions cannot start with '-'; to name such a branch use "
                      "refs/heads/<name>");
  }
}

Revision resolve_revision(const Repository& repo, std::string_view spec) {
  validate_revspec(spec);
  const std::string spec_text(spec);  // NUL-terminated for libgit2; no control bytes remain
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo.raw(), spec_text.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
    throw usage_error("unknown revision '" + spec_text + "' in " + repo.display_name(),
                      "check the name with `git log --oneline`, or fetch it first");
  }
  if (rc == GIT_EAMBIGUOUS) {
    throw usage_error("ambiguous revision '" + spec_text + "' in " + repo.display_name(),
                      "use more characters of the commit id, or the full 40");
  }
  check(rc, "cannot resolve revision '" + spec_text + "' in " + repo.display_name());
  ObjectPtr object(raw);

  git_object* peeled = nullptr;
  const int peel_rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT);
  if (peel_rc == GIT_EINVALIDSPEC || peel_rc == GIT_EPEEL || peel_rc == GIT_ENOTFOUND) {
    throw usage_error("revision '" + spec_text + "' in " + repo.display_name() + " is a " +
                          git_object_type2string(git_object_type(object.get())) + ", not a commit",
                      "name a branch, tag or commit");
  }
  check(peel_rc, "cannot peel revision '" + spec_text + "' to a commit");
  const CommitPtr commit(reinterpret_cast<git_commit*>(peeled));

  Revision revision;
  revision.spec = spec_text;
  revision.commit_id = to_hex(*git_commit_id(commit.get()));
  revision.tree_id = to_hex(*git_commit_tree_id(commit.get()));
  // git_commit_summary() is NULL only on allocation failure; an empty subject is legal.
  const char* summary = git_commit_summary(commit.get());
  revision.summary = truncate_utf8(summary == nullptr ? "" : summary, kMaxSummaryBytes);
  return revision;
}

std::string merge_base(const Repository& repo, const std::string& a, const std::string& b) {
  const git_oid a_id = parse_object_id(resolve_revision(repo, a).commit_id);
  const git_oid b_id = parse_object_id(resolve_revision(repo, b).commit_id);
  git_oid base{};
  const int rc = git_merge_base(&base, repo.raw(), &a_id, &b_id);
  if (rc == GIT_ENOTFOUND) {
    throw usage_error("no merge base between '" + a + "' and '" + b + "' in " + repo.display_name(),
                      "the revisions share no history; in a shallow clone, fetch more history "
                      "(e.g. `git fetch --unshallow`) first");
  }
  check(rc, "cannot compute the merge base of '" + a + "' and '" + b + "'");
  return to_hex(base);
}

}  // namespace perfwarden::git
