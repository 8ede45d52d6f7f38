#include "git/repository.h"

#include <gtest/gtest.h>

#include "git/repo_writer.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::TempDir;

TEST(GitRepository, OpensFromASubdirectoryLikeGit) {
  TempDir tmp;
  RepoWriter writer = RepoWriter::init(tmp.path() / "repo");
  writer.commit({{"src/deep/file.txt", "x\n"}}, "first");

  const Repository repo = Repository::open(tmp.path() / "repo" / "src" / "deep");
  EXPECT_EQ(repo.workdir(), tmp.path() / "repo");
  EXPECT_EQ(repo.git_dir(), tmp.path() / "repo" / ".git");
  EXPECT_EQ(repo.display_name(), (tmp.path() / "repo").string());
}

TEST(GitRepository, NotARepositoryIsAUsageError) {
  TempDir tmp;
  try {
    Repository::open(tmp.path());
    FAIL() << "open() did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_EQ(std::string(error.what()), "not a git repository: " + tmp.path().string());
    EXPECT_FALSE(error.fix().empty());
  }
}

TEST(GitRepository, MissingDirectoryIsAUsageError) {
  TempDir tmp;
  try {
    Repository::open(tmp.path() / "missing");
    FAIL() << "open() did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("no such directory"), std::string::npos);
  }
}

TEST(GitRepository, IsMovable) {
  TempDir tmp;
  RepoWriter::init(tmp.path() / "repo");
  Repository first = Repository::open(tmp.path() / "repo");
  git_repository* raw = first.raw();
  Repository second = std::move(first);
  EXPECT_EQ(second.raw(), raw);
  EXPECT_EQ(first.raw(), nullptr);  // NOLINT(bugprone-use-after-move): documented state
}

}  // namespace
}  // namespace perfwarden::git
