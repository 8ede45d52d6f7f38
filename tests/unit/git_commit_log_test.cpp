#include "git/commit_log.h"

#include <git2.h>
#include <gtest/gtest.h>

#include "git/handles.h"
#include "git/objects.h"
#include "git/repo_writer.h"
#include "git/text_limits.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::TempDir;
using Paths = std::vector<std::string>;

class GitCommitLogTest : public ::testing::Test {
 protected:
  GitCommitLogTest() : writer_(RepoWriter::init(tmp_.path() / "repo")) {}

  const Repository& repo() { return writer_.repository(); }

  TempDir tmp_;
  RepoWriter writer_;
};

TEST_F(GitCommitLogTest, ListsCommitsOldestFirstWithTrailersAndPaths) {
  const std::string base = writer_.commit({{"a.txt", "a\n"}}, "base");
  const Identity ada{"Ada Lovelace", "ada@x.org"};
  const std::string one = writer_.commit({{"src/hot.cpp", "fast\n"}},
                                         "Speed up the hot path\n\nDetails here.\n\n"
                                         "Co-authored-by: Claude <noreply@anthropic.com>\n"
                                         "Owner: Ada <ada@x.org>\n",
                                         ada);
  const std::string two =
      writer_.commit({{"README.md", "docs\n"}}, "Docs only", kDemoIdentity, {"a.txt"});

  const std::vector<CommitInfo> commits = commits_between(repo(), base, two);
  ASSERT_EQ(commits.size(), 2U);

  const CommitInfo& first = commits[0];
  EXPECT_EQ(first.id, one);
  EXPECT_EQ(first.author_name, "Ada Lovelace");
  EXPECT_EQ(first.author_email, "ada@x.org");
  EXPECT_EQ(first.committer_name, "Ada Lovelace");
  EXPECT_EQ(first.committer_email, "ada@x.org");
  EXPECT_EQ(first.message.rfind("Speed up the hot path\n", 0), 0U);
  ASSERT_EQ(first.trailers.size(), 2U);
  EXPECT_EQ(first.trailers[0].key, "Co-authored-by");
  EXPECT_EQ(first.trailers[0].value, "Claude <noreply@anthropic.com>");
  EXPECT_EQ(first.trailers[1].key, "Owner");
  EXPECT_EQ(first.trailers[1].value, "Ada <ada@x.org>");
  EXPECT_EQ(first.changed_paths, (Paths{"src/hot.cpp"}));

  const CommitInfo& second = commits[1];
  EXPECT_EQ(second.id, two);
  EXPECT_EQ(second.author_name, "perfwarden demo");
  EXPECT_TRUE(second.trailers.empty());
  EXPECT_EQ(second.changed_paths, (Paths{"README.md", "a.txt"}));
}

TEST_F(GitCommitLogTest, ExcludesCommitsReachableFromBaseAcrossBranches) {
  const std::string root = writer_.commit({{"a.txt", "a\n"}}, "root");
  writer_.create_branch("feature", root);
  const std::string main_only = writer_.commit({{"m.txt", "m\n"}}, "main only");
  writer_.checkout_branch("feature");
  const std::string f1 = writer_.commit({{"f.txt", "1\n"}}, "f1");
  const std::string f2 = writer_.commit({{"f.txt", "2\n"}}, "f2");

  const std::vector<CommitInfo> commits = commits_between(repo(), main_only, f2);
  ASSERT_EQ(commits.size(), 2U);
  EXPECT_EQ(commits[0].id, f1);
  EXPECT_EQ(commits[1].id, f2);
  EXPECT_TRUE(commits_between(repo(), f2, f2).empty());
  EXPECT_TRUE(commits_between(repo(), f2, root).empty());
}

TEST_F(GitCommitLogTest, RootCommitChangedPathsAreAllItsFiles) {
  const std::string root = writer_.commit({{"a.txt", "a\n"}, {"b/c.txt", "c\n"}}, "root");
  // An unrelated root commit as base: nothing of head's history is hidden.
  const CommitPtr root_commit = lookup_commit(repo(), root);
  git_tree* raw_tree = nullptr;
  ASSERT_EQ(git_commit_tree(&raw_tree, root_commit.get()), 0);
  const TreePtr tree(raw_tree);
  git_signature* raw_signature = nullptr;
  ASSERT_EQ(git_signature_new(&raw_signature, "Bot", "bot@x.org", 1'600'000'000, 0), 0);
  const SignaturePtr signature(raw_signature);
  git_oid orphan{};
  ASSERT_EQ(git_commit_create(&orphan, repo().raw(), nullptr, signature.get(), signature.get(),
                              nullptr, "orphan", tree.get(), 0, nullptr),
            0);

  const std::vector<CommitInfo> commits = commits_between(repo(), to_hex(orphan), root);
  ASSERT_EQ(commits.size(), 1U);
  EXPECT_EQ(commits[0].id, root);
  EXPECT_EQ(commits[0].changed_paths, (Paths{"a.txt", "b/c.txt"}));
}

TEST_F(GitCommitLogTest, CapsUntrustedMessageAndTrailerSizes) {
  const std::string base = writer_.commit({{"a.txt", "a\n"}}, "base");
  const std::string long_value(2 * kMaxTrailerValueBytes, 'v');
  const std::string message =
      "subject\n\n" + std::string(kMaxMessageBytes, 'm') + "\n\nOwner: " + long_value + "\n";
  const std::string head = writer_.commit({{"a.txt", "b\n"}}, message);

  const std::vector<CommitInfo> commits = commits_between(repo(), base, head);
  ASSERT_EQ(commits.size(), 1U);
  EXPECT_EQ(commits[0].message.size(), kMaxMessageBytes + kTruncationMarker.size());
  ASSERT_EQ(commits[0].trailers.size(), 1U);  // parsed from the full message
  EXPECT_EQ(commits[0].trailers[0].key, "Owner");
  EXPECT_EQ(commits[0].trailers[0].value.size(), kMaxTrailerValueBytes + kTruncationMarker.size());
}

TEST_F(GitCommitLogTest, TooManyCommitsIsAUsageError) {
  const std::string base = writer_.commit({{"a.txt", "a\n"}}, "base");
  // Build kMaxCommitsBetween + 1 commits directly (same tree), which is much faster than
  // writing files for each.
  const CommitPtr base_commit = lookup_commit(repo(), base);
  git_tree* raw_tree = nullptr;
  ASSERT_EQ(git_commit_tree(&raw_tree, base_commit.get()), 0);
  const TreePtr tree(raw_tree);
  git_signature* raw_signature = nullptr;
  ASSERT_EQ(git_signature_new(&raw_signature, "Bot", "bot@x.org", 1'700'000'000, 0), 0);
  const SignaturePtr signature(raw_signature);
  git_oid tip = parse_object_id(base);
  for (std::size_t i = 0; i <= kMaxCommitsBetween; ++i) {
    const CommitPtr parent = lookup_commit(repo(), to_hex(tip));
    const git_commit* parents[] = {parent.get()};
    const std::string message = "commit " + std::to_string(i);
    ASSERT_EQ(git_commit_create(&tip, repo().raw(), nullptr, signature.get(), signature.get(),
                                nullptr, message.c_str(), tree.get(), 1, parents),
              0);
  }
  try {
    commits_between(repo(), base, to_hex(tip));
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("more than 1000 commits"), std::string::npos);
  }
}

}  // namespace
}  // namespace perfwarden::git
