#include "git/revision.h"

#include <git2.h>
#include <gtest/gtest.h>

#include "git/handles.h"
#include "git/objects.h"
#include "git/repo_writer.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::TempDir;

// main: c1 -- c2 -- c3        feature: c2 -- f1
class GitRevisionTest : public ::testing::Test {
 protected:
  GitRevisionTest() : writer_(RepoWriter::init(tmp_.path() / "repo")) {
    c1_ = writer_.commit({{"a.txt", "1\n"}}, "first commit\n\nbody");
    c2_ = writer_.commit({{"a.txt", "2\n"}}, "second commit");
    writer_.create_branch("feature", c2_);
    c3_ = writer_.commit({{"a.txt", "3\n"}}, "third commit");
    writer_.checkout_branch("feature");
    f1_ = writer_.commit({{"b.txt", "f\n"}}, "feature commit");
    writer_.checkout_branch("main");
  }

  const Repository& repo() { return writer_.repository(); }

  ExitCode error_code_of(std::string_view spec) {
    try {
      resolve_revision(repo(), spec);
    } catch (const Error& error) {
      return error.exit_code();
    }
    ADD_FAILURE() << "resolve_revision(" << spec << ") did not throw";
    return ExitCode::kPass;
  }

  TempDir tmp_;
  RepoWriter writer_;
  std::string c1_, c2_, c3_, f1_;
};

TEST_F(GitRevisionTest, ResolvesBranchesToTheirTip) {
  const Revision main = resolve_revision(repo(), "main");
  EXPECT_EQ(main.spec, "main");
  EXPECT_EQ(main.commit_id, c3_);
  EXPECT_EQ(main.summary, "third commit");
  EXPECT_EQ(main.tree_id.size(), 40U);
  EXPECT_EQ(resolve_revision(repo(), "feature").commit_id, f1_);
  EXPECT_EQ(resolve_revision(repo(), "refs/heads/feature").commit_id, f1_);
}

TEST_F(GitRevisionTest, ResolvesRelativeAndShortShas) {
  EXPECT_EQ(resolve_revision(repo(), "HEAD").commit_id, c3_);
  EXPECT_EQ(resolve_revision(repo(), "HEAD~1").commit_id, c2_);
  EXPECT_EQ(resolve_revision(repo(), "main~2").commit_id, c1_);
  EXPECT_EQ(resolve_revision(repo(), c1_.substr(0, 8)).commit_id, c1_);
  EXPECT_EQ(resolve_revision(repo(), c1_).commit_id, c1_);
  EXPECT_EQ(resolve_revision(repo(), c1_).summary, "first commit");
}

TEST_F(GitRevisionTest, ResolvesLightweightAndAnnotatedTagsToCommits) {
  writer_.tag("v1", c1_);
  writer_.annotated_tag("v2", c2_, "release 2\n");

  // The annotated tag really is a tag object, which resolve_revision peels.
  git_object* raw = nullptr;
  ASSERT_EQ(git_revparse_single(&raw, repo().raw(), "v2"), 0);
  const ObjectPtr tag_object(raw);
  EXPECT_EQ(git_object_type(tag_object.get()), GIT_OBJECT_TAG);

  EXPECT_EQ(resolve_revision(repo(), "v1").commit_id, c1_);
  const Revision v2 = resolve_revision(repo(), "v2");
  EXPECT_EQ(v2.commit_id, c2_);
  EXPECT_EQ(v2.summary, "second commit");
}

TEST_F(GitRevisionTest, ResolvesRemoteTrackingBranches) {
  git_reference* raw = nullptr;
  const git_oid id = parse_object_id(c2_);
  ASSERT_EQ(git_reference_create(&raw, repo().raw(), "refs/remotes/origin/main", &id, 0, "test"),
            0);
  const ReferencePtr ref(raw);
  EXPECT_EQ(resolve_revision(repo(), "origin/main").commit_id, c2_);
}

TEST_F(GitRevisionTest, UnknownRevisionIsAUsageErrorWithAFix) {
  try {
    resolve_revision(repo(), "no-such-branch");
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_EQ(std::string(error.what()),
              "unknown revision 'no-such-branch' in " + repo().display_name());
    EXPECT_EQ(error.fix(), "check the name with `git log --oneline`, or fetch it first");
  }
  EXPECT_EQ(error_code_of("main~99"), ExitCode::kUsage);
  EXPECT_EQ(error_code_of(std::string(40, 'f')), ExitCode::kUsage);
  EXPECT_EQ(error_code_of("main..feature"), ExitCode::kUsage);
}

TEST_F(GitRevisionTest, NonCommitObjectsAreRejected) {
  EXPECT_EQ(error_code_of("HEAD^{tree}"), ExitCode::kUsage);
  EXPECT_EQ(error_code_of("HEAD:a.txt"), ExitCode::kUsage);
}

TEST_F(GitRevisionTest, UntrustedSpecsAreRejectedBeforeLibgit2) {
  EXPECT_EQ(error_code_of("--output=/tmp/x"), ExitCode::kUsage);
  EXPECT_EQ(error_code_of("-main"), ExitCode::kUsage);
  EXPECT_EQ(error_code_of(""), ExitCode::kUsage);
  EXPECT_EQ(error_code_of(std::string(257, 'a')), ExitCode::kUsage);
  EXPECT_NO_THROW(validate_revspec(std::string(256, 'a')));
  try {
    resolve_revision(repo(), "main\x1b[2J");
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    const std::string what = error.what();
    EXPECT_EQ(what.find('\x1b'), std::string::npos) << "control bytes must not be echoed";
    EXPECT_NE(what.find("main\\x1b[2J"), std::string::npos) << what;
  }
  EXPECT_EQ(error_code_of("main\n"), ExitCode::kUsage);
}

TEST_F(GitRevisionTest, MergeBaseOfTwoBranches) {
  EXPECT_EQ(merge_base(repo(), "main", "feature"), c2_);
  EXPECT_EQ(merge_base(repo(), c3_, f1_), c2_);
  EXPECT_EQ(merge_base(repo(), "main", "main~1"), c2_);
}

TEST_F(GitRevisionTest, UnrelatedHistoriesHaveNoMergeBase) {
  // A second root commit, not on any branch but reachable through a tag.
  const CommitPtr c1 = lookup_commit(repo(), c1_);
  git_tree* raw_tree = nullptr;
  ASSERT_EQ(git_commit_tree(&raw_tree, c1.get()), 0);
  const TreePtr tree(raw_tree);
  git_signature* raw_signature = nullptr;
  ASSERT_EQ(git_signature_new(&raw_signature, "Orphan", "o@x.org", 1'700'000'000, 0), 0);
  const SignaturePtr signature(raw_signature);
  git_oid orphan{};
  ASSERT_EQ(git_commit_create(&orphan, repo().raw(), nullptr, signature.get(), signature.get(),
                              nullptr, "orphan root", tree.get(), 0, nullptr),
            0);
  writer_.tag("orphan", to_hex(orphan));

  try {
    merge_base(repo(), "main", "orphan");
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("no merge base between 'main' and 'orphan'"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace perfwarden::git
