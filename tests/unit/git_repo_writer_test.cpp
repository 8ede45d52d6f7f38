#include "git/repo_writer.h"

#include <git2.h>
#include <gtest/gtest.h>

#include "git/handles.h"
#include "git/objects.h"
#include "git/revision.h"
#include "git/tree_diff.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::list_files;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

std::string head_reference(const Repository& repo) {
  git_reference* raw = nullptr;
  EXPECT_EQ(git_reference_lookup(&raw, repo.raw(), "HEAD"), 0);
  const ReferencePtr head(raw);
  return git_reference_symbolic_target(head.get());
}

git_filemode_t mode_at(const Repository& repo, const std::string& commit_id,
                       const std::string& path) {
  const TreePtr tree = lookup_tree(repo, commit_id);
  const git_tree_entry* entry = git_tree_entry_byname(tree.get(), path.c_str());
  return entry == nullptr ? GIT_FILEMODE_UNREADABLE : git_tree_entry_filemode(entry);
}

TEST(GitRepoWriter, InitCreatesANonBareRepositoryOnAnUnbornMain) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "a" / "b");
  EXPECT_EQ(writer.repository().workdir(), tmp.path() / "a" / "b");
  EXPECT_FALSE(git_repository_is_bare(writer.repository().raw()));
  EXPECT_EQ(git_repository_head_unborn(writer.repository().raw()), 1);
  EXPECT_EQ(head_reference(writer.repository()), "refs/heads/main");
  EXPECT_THROW(RepoWriter::init(tmp.path() / "a" / "b"), Error);
}

TEST(GitRepoWriter, CommitsWriteWorktreeIndexAndBranch) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  const std::string first = writer.commit({{"x/y/z.txt", "z\n"}, {"top.txt", "t\n"}}, "first");
  const std::string second =
      writer.commit({{"top.txt", "t2\n"}}, "second", kDemoIdentity, {"x/y/z.txt"});

  const Repository& repo = writer.repository();
  EXPECT_EQ(resolve_revision(repo, "main").commit_id, second);
  EXPECT_EQ(resolve_revision(repo, "main~1").commit_id, first);
  EXPECT_EQ(read_file(repo.workdir() / "top.txt"), "t2\n");
  EXPECT_FALSE(std::filesystem::exists(repo.workdir() / "x/y/z.txt"));
  EXPECT_EQ(read_file_at(repo, second, "top.txt"), "t2\n");
  EXPECT_EQ(read_file_at(repo, second, "x/y/z.txt"), std::nullopt);

  // The index matches HEAD: no staged or unstaged changes remain.
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  git_status_list* raw_status = nullptr;
  ASSERT_EQ(git_status_list_new(&raw_status, repo.raw(), &options), 0);
  EXPECT_EQ(git_status_list_entrycount(raw_status), 0U);
  git_status_list_free(raw_status);
}

TEST(GitRepoWriter, CommitIdsAreDeterministicAndTimesExplicitWhenAsked) {
  TempDir tmp;
  auto script = [](RepoWriter& writer) {
    writer.commit({{"a.txt", "a\n"}}, "one");
    return writer.commit({{"a.txt", "b\n"}}, "two");
  };
  RepoWriter first = RepoWriter::init(tmp.path() / "first");
  RepoWriter second = RepoWriter::init(tmp.path() / "second");
  EXPECT_EQ(script(first), script(second));

  const std::string timed =
      first.commit({{"a.txt", "c\n"}}, "three", kDemoIdentity, {}, {.unix_time = 1'234'567'890});
  const CommitPtr commit = lookup_commit(first.repository(), timed);
  EXPECT_EQ(git_commit_time(commit.get()), 1'234'567'890);
  EXPECT_EQ(git_commit_author(commit.get())->when.time, 1'234'567'890);
}

TEST(GitRepoWriter, RecordsExecutableMode) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  const std::string id = writer.commit({{"run.sh", "#!/bin/sh\n"}, {"data.txt", "d\n"}}, "tools",
                                       kDemoIdentity, {}, {.executable_paths = {"run.sh"}});
  EXPECT_EQ(mode_at(writer.repository(), id, "run.sh"), GIT_FILEMODE_BLOB_EXECUTABLE);
  EXPECT_EQ(mode_at(writer.repository(), id, "data.txt"), GIT_FILEMODE_BLOB);
}

TEST(GitRepoWriter, BranchesCheckoutsAndTags) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  const Repository& repo = writer.repository();
  const std::string base = writer.commit({{"a.txt", "base\n"}}, "base");
  writer.create_branch("feature", base);
  const std::string main_tip = writer.commit({{"a.txt", "main\n"}, {"m.txt", "m\n"}}, "main");

  writer.checkout_branch("feature");
  EXPECT_EQ(head_reference(repo), "refs/heads/feature");
  EXPECT_EQ(read_file(repo.workdir() / "a.txt"), "base\n");
  EXPECT_FALSE(std::filesystem::exists(repo.workdir() / "m.txt"));
  const std::string feature_tip = writer.commit({{"f.txt", "f\n"}}, "feature");
  EXPECT_EQ(resolve_revision(repo, "feature").commit_id, feature_tip);
  EXPECT_EQ(resolve_revision(repo, "main").commit_id, main_tip);

  writer.checkout_branch("main");
  EXPECT_EQ(read_file(repo.workdir() / "a.txt"), "main\n");
  EXPECT_FALSE(std::filesystem::exists(repo.workdir() / "f.txt"));

  writer.tag("v1", base);
  EXPECT_EQ(resolve_revision(repo, "v1").commit_id, base);
  EXPECT_THROW(writer.create_branch("feature", base), Error);  // already exists
}

TEST(GitRepoWriter, CheckoutRefusesToOverwriteUncommittedChanges) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  const std::string base = writer.commit({{"a.txt", "base\n"}}, "base");
  writer.create_branch("feature", base);
  writer.commit({{"a.txt", "main\n"}}, "main");
  write_file(writer.repository().workdir() / "a.txt", "precious edit\n");

  EXPECT_THROW(writer.checkout_branch("feature"), Error);
  EXPECT_EQ(read_file(writer.repository().workdir() / "a.txt"), "precious edit\n");
  EXPECT_EQ(head_reference(writer.repository()), "refs/heads/main");
}

TEST(GitRepoWriter, RejectsPathsOutsideTheWorktree) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  EXPECT_THROW(writer.commit({{"../escape.txt", "x"}}, "bad"), Error);
  EXPECT_THROW(writer.commit({{"/tmp/abs.txt", "x"}}, "bad"), Error);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "escape.txt"));
  EXPECT_THROW(writer.commit({{"a.txt", "a"}}, "x", kDemoIdentity, {"not-tracked.txt"}), Error);
}

}  // namespace
}  // namespace perfwarden::git
