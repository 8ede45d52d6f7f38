#include "git/tree_diff.h"

#include <git2.h>
#include <gtest/gtest.h>

#include "git/handles.h"
#include "git/repo_writer.h"
#include "git/revision.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::TempDir;
using Paths = std::vector<std::string>;

class GitTreeDiffTest : public ::testing::Test {
 protected:
  GitTreeDiffTest() : writer_(RepoWriter::init(tmp_.path() / "repo")) {
    first_ = writer_.commit({{"keep.txt", "keep\n"},
                             {"edit.txt", "v1\n"},
                             {"gone.txt", "gone\n"},
                             {"dir/old_name.cpp", "int renamed_function() { return 42; }\n"},
                             {"run.sh", "echo\n"}},
                            "first");
    second_ = writer_.commit({{"edit.txt", "v2\n"},
                              {"new/file.txt", "new\n"},
                              {"dir/new_name.cpp", "int renamed_function() { return 42; }\n"},
                              {"run.sh", "echo\n"}},
                             "second", kDemoIdentity, {"gone.txt", "dir/old_name.cpp"},
                             {.executable_paths = {"run.sh"}});
  }

  const Repository& repo() { return writer_.repository(); }

  TempDir tmp_;
  RepoWriter writer_;
  std::string first_, second_;
};

TEST_F(GitTreeDiffTest, ListsAddedModifiedDeletedRenamedAndModeChangedPathsSorted) {
  EXPECT_EQ(changed_paths(repo(), first_, second_),
            (Paths{"dir/new_name.cpp", "dir/old_name.cpp", "edit.txt", "gone.txt", "new/file.txt",
                   "run.sh"}));
}

TEST_F(GitTreeDiffTest, AcceptsTreeIdsAndTheEmptyTree) {
  const Revision first = resolve_revision(repo(), first_);
  const Revision second = resolve_revision(repo(), second_);
  EXPECT_EQ(changed_paths(repo(), first.tree_id, second.tree_id),
            changed_paths(repo(), first_, second_));
  EXPECT_EQ(changed_paths(repo(), "", first_),
            (Paths{"dir/old_name.cpp", "edit.txt", "gone.txt", "keep.txt", "run.sh"}));
  EXPECT_TRUE(changed_paths(repo(), second_, second_).empty());
}

TEST_F(GitTreeDiffTest, UnknownIdsAreUsageErrors) {
  try {
    changed_paths(repo(), first_, std::string(40, '0'));
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
  }
  EXPECT_THROW(changed_paths(repo(), "main", second_), Error);
}

TEST_F(GitTreeDiffTest, ReadFileAtReturnsContentOrNullopt) {
  EXPECT_EQ(read_file_at(repo(), first_, "edit.txt"), "v1\n");
  EXPECT_EQ(read_file_at(repo(), second_, "edit.txt"), "v2\n");
  EXPECT_EQ(read_file_at(repo(), second_, "new/file.txt"), "new\n");
  EXPECT_EQ(read_file_at(repo(), second_, "gone.txt"), std::nullopt);
  EXPECT_EQ(read_file_at(repo(), first_, "new/file.txt"), std::nullopt);
  EXPECT_EQ(read_file_at(repo(), second_, "new"), std::nullopt);  // a directory
  EXPECT_EQ(read_file_at(repo(), second_, "no/such/dir/file"), std::nullopt);
}

TEST_F(GitTreeDiffTest, ReadFileAtRefusesSymlinks) {
  std::filesystem::create_symlink("edit.txt", repo().workdir() / "link.txt");
  {
    git_index* raw = nullptr;
    ASSERT_EQ(git_repository_index(&raw, repo().raw()), 0);
    const IndexPtr index(raw);
    ASSERT_EQ(git_index_add_bypath(index.get(), "link.txt"), 0);
    ASSERT_EQ(git_index_write(index.get()), 0);
  }
  const std::string with_link = writer_.commit({}, "add a link");
  try {
    read_file_at(repo(), with_link, "link.txt");
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("symbolic link"), std::string::npos);
  }
}

TEST_F(GitTreeDiffTest, ReadFileAtRejectsOversizedFiles) {
  const std::string big = writer_.commit(
      {{"big.bin", std::string(kMaxReadFileBytes + 1, 'x')}, {"ok.bin", std::string(1024, 'y')}},
      "big file");
  EXPECT_EQ(read_file_at(repo(), big, "ok.bin")->size(), 1024U);
  try {
    read_file_at(repo(), big, "big.bin");
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_NE(std::string(error.what()).find("16 MiB"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace perfwarden::git
