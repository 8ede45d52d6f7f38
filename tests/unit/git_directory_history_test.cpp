#include "git/directory_history.h"

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::TempDir;
using Paths = std::vector<std::string>;

class GitDirectoryHistoryTest : public ::testing::Test {
 protected:
  GitDirectoryHistoryTest() : writer_(RepoWriter::init(tmp_.path() / "repo")) {}

  TempDir tmp_;
  RepoWriter writer_;
};

TEST_F(GitDirectoryHistoryTest, VersionsWhereTheDirectoryChangedOldestFirst) {
  const Identity ada{"Ada", "ada@example.com"};
  writer_.commit({{"src/a.cpp", "1"}}, "code only");
  const std::string added = writer_.commit(
      {{"baselines/x.json", "x1"}, {"baselines/README.md", "r"}}, "add x\n\nbody", ada);
  writer_.commit({{"src/a.cpp", "2"}}, "more code");
  const std::string second = writer_.commit({{"baselines/y.json", "y1"}}, "add y");
  const std::string both = writer_.commit({{"baselines/x.json", "x2"}}, "refresh x, drop y",
                                          kDemoIdentity, {"baselines/y.json"});
  writer_.commit({{"baselines/sub/z.json", "z"}}, "a subdirectory is not a baseline");
  writer_.commit({}, "remove them all", kDemoIdentity,
                 {"baselines/x.json", "baselines/README.md", "baselines/sub/z.json"});
  const std::string readded = writer_.commit({{"baselines/x.json", "x2"}}, "restore x");

  const DirectoryHistory history = directory_history(writer_.repository(), readded, "baselines");
  EXPECT_EQ(history.commits_walked, 8u);
  EXPECT_TRUE(history.cut_at.empty());
  ASSERT_EQ(history.versions.size(), 4u);
  EXPECT_EQ(history.versions[0].commit.id, added);
  EXPECT_EQ(history.versions[0].changed_files, (Paths{"baselines/README.md", "baselines/x.json"}));
  EXPECT_EQ(history.versions[0].commit.subject, "add x");
  EXPECT_EQ(history.versions[0].commit.author, "Ada <ada@example.com>");
  // RepoWriter's clock: one minute per commit from its epoch; this is the second commit.
  EXPECT_EQ(history.versions[0].commit.time, RepoWriter::kWriterEpoch + 60);
  EXPECT_EQ(history.versions[1].commit.id, second);
  EXPECT_EQ(history.versions[1].changed_files, (Paths{"baselines/y.json"}));
  EXPECT_EQ(history.versions[2].commit.id, both);
  EXPECT_EQ(history.versions[2].changed_files, (Paths{"baselines/x.json"}));
  EXPECT_EQ(history.versions[3].commit.id, readded);  // after the directory was gone
  EXPECT_EQ(history.versions[3].changed_files, (Paths{"baselines/x.json"}));
}

TEST_F(GitDirectoryHistoryTest, FollowsFirstParentsOnly) {
  const std::string root = writer_.commit({{"baselines/x.json", "1"}}, "root");
  writer_.create_branch("side", root);
  writer_.checkout_branch("side");
  writer_.commit({{"baselines/x.json", "side"}}, "on a side branch");
  writer_.checkout_branch("main");
  const std::string tip = writer_.commit({{"baselines/x.json", "2"}}, "on main");
  const DirectoryHistory history = directory_history(writer_.repository(), tip, "baselines");
  ASSERT_EQ(history.versions.size(), 2u);
  EXPECT_EQ(history.versions[0].commit.id, root);
  EXPECT_EQ(history.versions[1].commit.id, tip);
}

TEST_F(GitDirectoryHistoryTest, NoDirectoryNoVersionsAndUnknownCommitsAreUsageErrors) {
  const std::string tip = writer_.commit({{"a.txt", "1"}}, "nothing stored");
  EXPECT_TRUE(directory_history(writer_.repository(), tip, "baselines").versions.empty());
  try {
    directory_history(writer_.repository(), std::string(40, 'a'), "baselines");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kUsage);
  }
}

}  // namespace
}  // namespace perfwarden::git
