#include "git/commit_log.h"

#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/objects.h"
#include "git/text_limits.h"
#include "git/tree_diff.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

std::string capped(const char* text, std::size_t max_bytes) {
  return truncate_utf8(text == nullptr ? "" : text, max_bytes);
}

CommitInfo describe(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo.raw(), &id), "cannot read commit " + to_hex(id));
  const CommitPtr commit(raw);

  CommitInfo info;
  info.id = to_hex(id);
  const git_signature* author = git_commit_author(commit.get());
  const git_signature* committer = git_commit_committer(commit.get());
  info.author_name = capped(author->name, kMaxIdentityFieldBytes);
  info.author_email = capped(author->email, kMaxIdentityFieldBytes);
  info.committer_name = capped(committer->name, kMaxIdentityFieldBytes);
  info.committer_email = capped(committer->email, kMaxIdentityFieldBytes);
  const char* message = git_commit_message(commit.get());
  info.message = capped(message, kMaxMessageBytes);
  info.trailers = parse_trailers(message == nullptr ? "" : message);

  const std::string parent_id = git_commit_parentcount(commit.get()) == 0
                                    ? ""
                                    : to_hex(*git_commit_parent_id(commit.get(), 0));
  info.changed_paths = changed_paths(repo, parent_id, info.id);
  info.time = static_cast<std::int64_t>(git_commit_time(commit.get()));
  return info;
}

}  // namespace

std::vector<Trailer> parse_trailers(std::string_view message) {
  std::vector<Trailer> trailers;
  // libgit2 reads a C string: a NUL byte ends the message there, as it does for git itself.
  const std::string text(message.substr(0, message.find('\0')));
  ensure_libgit2_initialised();  // an entry point of its own (its fuzz target calls it alone)
  MessageTrailers parsed;
  check(git_message_trailers(&parsed.array, text.c_str()), "cannot parse commit trailers");
  for (std::size_t i = 0; i < parsed.array.count && i < kMaxTrailersPerCommit; ++i) {
    const git_message_trailer& trailer = parsed.array.trailers[i];
    trailers.push_back(Trailer{capped(trailer.key, kMaxTrailerKeyBytes),
                               capped(trailer.value, kMaxTrailerValueBytes)});
  }
  return trailers;
}

std::vector<CommitInfo> commits_between(const Repository& repo, const std::string& base_commit,
                                        const std::string& head_commit) {
  // Resolve through lookup_commit() first for its uniform "not found" / "not a commit" errors.
  const git_oid base_id = *git_commit_id(lookup_commit(repo, base_commit).get());
  const git_oid head_id = *git_commit_id(lookup_commit(repo, head_commit).get());

  git_revwalk* raw_walk = nullptr;
  check(git_revwalk_new(&raw_walk, repo.raw()),
        "cannot walk the history of " + repo.display_name());
  const RevwalkPtr walk(raw_walk);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE),
        "cannot sort history");
  check(git_revwalk_push(walk.get(), &head_id), "cannot walk from " + head_commit);
  check(git_revwalk_hide(walk.get(), &base_id), "cannot hide " + base_commit);

  // Collect ids before describing any commit so that an over-long range fails fast, before
  // computing up to kMaxCommitsBetween diffs.
  std::vector<git_oid> ids;
  git_oid id{};
  int rc = 0;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    if (ids.size() == kMaxCommitsBetween) {
      throw usage_error("more than " + std::to_string(kMaxCommitsBetween) + " commits between " +
                            base_commit + " and " + head_commit,
                        "compare against a nearer base, such as the merge base of the two "
                        "branches");
    }
    ids.push_back(id);
  }
  if (rc != GIT_ITEROVER) fail(rc, "cannot walk the history of " + repo.display_name());

  std::vector<CommitInfo> commits;
  commits.reserve(ids.size());
  for (const git_oid& commit_id : ids) commits.push_back(describe(repo, commit_id));
  return commits;
}

std::vector<CommitInfo> first_parent_commits(const Repository& repo, const std::string& good_commit,
                                             const std::string& bad_commit) {
  const git_oid good_id = *git_commit_id(lookup_commit(repo, good_commit).get());
  git_oid id = *git_commit_id(lookup_commit(repo, bad_commit).get());
  // Parents are followed one by one (not a revwalk): a first-parent line is a list, and the
  // walk must end exactly at `good`.
  std::vector<git_oid> ids;
  while (git_oid_cmp(&id, &good_id) != 0) {
    if (ids.size() == kMaxCommitsBetween) {
      throw usage_error("more than " + std::to_string(kMaxCommitsBetween) +
                            " first-parent commits "
                            "between " +
                            good_commit + " and " + bad_commit,
                        "bisect a shorter range: a good revision nearer the bad one");
    }
    ids.push_back(id);
    const CommitPtr commit = lookup_commit(repo, to_hex(id));
    if (git_commit_parentcount(commit.get()) == 0) {
      throw usage_error(good_commit + " is not on the first-parent line of " + bad_commit,
                        "give a good revision that is an ancestor of the bad one along its first "
                        "parents (e.g. an earlier commit of main)");
    }
    id = *git_commit_parent_id(commit.get(), 0);
  }
  std::vector<CommitInfo> commits;
  commits.reserve(ids.size());
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) commits.push_back(describe(repo, *it));
  return commits;
}

}  // namespace perfwarden::git
