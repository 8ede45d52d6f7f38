#include "git/materialise.h"

#include <git2.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "git/handles.h"
#include "git/objects.h"
#include "git/repo_writer.h"
#include "git/revision.h"
#include "git_test_support.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

using testing::list_files;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

// Everything about the user's checkout that materialising must leave alone.
struct CheckoutSnapshot {
  std::string index_bytes;
  std::filesystem::file_time_type index_mtime;
  std::string head_file;
  std::map<std::string, std::string> refs;      // path under .git/refs → content
  std::map<std::string, std::string> worktree;  // path → content, excluding .git

  static CheckoutSnapshot take(const Repository& repo) {
    CheckoutSnapshot snapshot;
    const auto git_dir = repo.git_dir();
    snapshot.index_bytes = read_file(git_dir / "index");
    snapshot.index_mtime = std::filesystem::last_write_time(git_dir / "index");
    snapshot.head_file = read_file(git_dir / "HEAD");
    for (const std::string& ref : list_files(git_dir / "refs")) {
      snapshot.refs[ref] = read_file(git_dir / "refs" / ref);
    }
    for (const std::string& file : list_files(repo.workdir())) {
      if (file.rfind(".git/", 0) == 0) continue;
      snapshot.worktree[file] = read_file(repo.workdir() / file);
    }
    return snapshot;
  }

  bool operator==(const CheckoutSnapshot&) const = default;
};

class GitMaterialiseTest : public ::testing::Test {
 protected:
  GitMaterialiseTest() : writer_(RepoWriter::init(tmp_.path() / "repo")) {}

  const Repository& repo() { return writer_.repository(); }
  std::filesystem::path out(const std::string& name) { return tmp_.path() / name; }

  TempDir tmp_;
  RepoWriter writer_;
};

TEST_F(GitMaterialiseTest, WritesExactlyTheCommitsFiles) {
  const std::string first = writer_.commit(
      {{"CMakeLists.txt", "project(x)\n"}, {"src/a.cpp", "int a;\n"}, {"old.txt", "old\n"}},
      "first");
  const std::string second =
      writer_.commit({{"src/a.cpp", "int a = 2;\n"}, {"src/b/c.h", "#pragma once\n"}}, "second",
                     kDemoIdentity, {"old.txt"});

  materialise_tree(repo(), first, out("first"));
  materialise_tree(repo(), second, out("second"));

  EXPECT_EQ(list_files(out("first")),
            (std::vector<std::string>{"CMakeLists.txt", "old.txt", "src/a.cpp"}));
  EXPECT_EQ(read_file(out("first") / "src/a.cpp"), "int a;\n");
  EXPECT_EQ(list_files(out("second")),
            (std::vector<std::string>{"CMakeLists.txt", "src/a.cpp", "src/b/c.h"}));
  EXPECT_EQ(read_file(out("second") / "src/a.cpp"), "int a = 2;\n");
  EXPECT_FALSE(std::filesystem::exists(out("second") / ".git"));
}

TEST_F(GitMaterialiseTest, LeavesIndexHeadRefsAndWorktreeUntouched) {
  const std::string first = writer_.commit({{"a.txt", "committed 1\n"}}, "first");
  writer_.commit({{"a.txt", "committed 2\n"}, {"b.txt", "b\n"}}, "second");
  // Uncommitted work: a modified tracked file, a deleted tracked file, an untracked file, and a
  // staged-but-uncommitted change.
  write_file(repo().workdir() / "a.txt", "uncommitted edit\n");
  std::filesystem::remove(repo().workdir() / "b.txt");
  write_file(repo().workdir() / "untracked.txt", "untracked\n");
  write_file(repo().workdir() / "staged.txt", "staged\n");
  {
    git_index* raw = nullptr;
    ASSERT_EQ(git_repository_index(&raw, repo().raw()), 0);
    const IndexPtr index(raw);
    ASSERT_EQ(git_index_add_bypath(index.get(), "staged.txt"), 0);
    ASSERT_EQ(git_index_write(index.get()), 0);
  }
  const CheckoutSnapshot before = CheckoutSnapshot::take(repo());

  materialise_tree(repo(), first, out("first"));
  materialise_tree(repo(), resolve_revision(repo(), "HEAD").commit_id, out("head"));

  EXPECT_TRUE(CheckoutSnapshot::take(repo()) == before);
  EXPECT_EQ(list_files(out("first")), (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(read_file(out("first") / "a.txt"), "committed 1\n");
  EXPECT_EQ(list_files(out("head")), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(read_file(out("head") / "a.txt"), "committed 2\n");
}

TEST_F(GitMaterialiseTest, WritesBlobBytesRegardlessOfAttributesAndConfig) {
  // Uncommitted .gitattributes and core.autocrlf would make git convert line endings on
  // checkout; the output must be the committed bytes, so equal tree ids mean equal sources.
  const std::string id = writer_.commit({{"a.txt", "line 1\nline 2\n"}}, "first");
  write_file(repo().workdir() / ".gitattributes", "* text eol=crlf\n");
  git_config* raw_config = nullptr;
  ASSERT_EQ(git_repository_config(&raw_config, repo().raw()), 0);
  const ConfigPtr config(raw_config);
  ASSERT_EQ(git_config_set_string(config.get(), "core.autocrlf", "true"), 0);

  materialise_tree(repo(), id, out("tree"));

  EXPECT_EQ(read_file(out("tree") / "a.txt"), "line 1\nline 2\n");
}

TEST_F(GitMaterialiseTest, KeepsExecutableBitsAndSymlinks) {
  std::filesystem::create_symlink("tool.sh", repo().workdir() / "link");
  {
    git_index* raw = nullptr;
    ASSERT_EQ(git_repository_index(&raw, repo().raw()), 0);
    const IndexPtr index(raw);
    ASSERT_EQ(git_index_add_bypath(index.get(), "link"), 0);
    ASSERT_EQ(git_index_write(index.get()), 0);
  }
  const std::string id = writer_.commit({{"tool.sh", "#!/bin/sh\n"}, {"plain.txt", "p\n"}}, "tools",
                                        kDemoIdentity, {}, {.executable_paths = {"tool.sh"}});

  materialise_tree(repo(), id, out("tree"));

  struct stat tool {};
  struct stat plain {};
  ASSERT_EQ(::stat((out("tree") / "tool.sh").c_str(), &tool), 0);
  ASSERT_EQ(::stat((out("tree") / "plain.txt").c_str(), &plain), 0);
  EXPECT_NE(tool.st_mode & S_IXUSR, 0U);
  EXPECT_EQ(plain.st_mode & S_IXUSR, 0U);
  ASSERT_TRUE(std::filesystem::is_symlink(out("tree") / "link"));
  EXPECT_EQ(std::filesystem::read_symlink(out("tree") / "link"), "tool.sh");
}

TEST_F(GitMaterialiseTest, ASubmoduleTheCloneDoesNotHoldBecomesAnEmptyDirectory) {
  const std::string first = writer_.commit({{"a.txt", "a\n"}}, "first");
  const std::string absent(40, 'b');  // a commit no repository here holds
  const std::string with_submodule = writer_.commit({}, "add a submodule", kDemoIdentity, {},
                                                    {.submodules = {{"third_party/lib", absent}}});

  const auto submodules = materialise_tree(repo(), with_submodule, out("tree"));

  EXPECT_EQ(list_files(out("tree")), (std::vector<std::string>{"a.txt"}));
  EXPECT_TRUE(std::filesystem::is_directory(out("tree") / "third_party/lib"));
  ASSERT_EQ(submodules.size(), 1u);
  EXPECT_EQ(submodules[0].path, "third_party/lib");
  EXPECT_EQ(submodules[0].commit_id, absent);
  EXPECT_FALSE(submodules[0].available());
  EXPECT_EQ(describe_missing_submodules(missing_submodules(submodules)),
            "submodule third_party/lib (commit bbbbbbbbbbbb) is not in this clone");
  EXPECT_TRUE(materialise_tree(repo(), first, out("first")).empty());
}

TEST_F(GitMaterialiseTest, WorksForBareRepositories) {
  const std::string id = writer_.commit({{"src/a.txt", "a\n"}}, "first");
  git_config* raw_config = nullptr;
  ASSERT_EQ(git_repository_config(&raw_config, repo().raw()), 0);
  const ConfigPtr config(raw_config);
  ASSERT_EQ(git_config_set_bool(config.get(), "core.bare", 1), 0);

  const Repository bare = Repository::open(repo().git_dir());
  ASSERT_TRUE(git_repository_is_bare(bare.raw()));
  EXPECT_TRUE(bare.workdir().empty());
  materialise_tree(bare, id, out("tree"));
  EXPECT_EQ(read_file(out("tree") / "src/a.txt"), "a\n");
}

TEST_F(GitMaterialiseTest, AcceptsAnExistingEmptyDirectoryAndRejectsANonEmptyOne) {
  const std::string id = writer_.commit({{"a.txt", "a\n"}}, "first");
  std::filesystem::create_directories(out("empty"));
  EXPECT_NO_THROW(materialise_tree(repo(), id, out("empty")));
  EXPECT_EQ(read_file(out("empty") / "a.txt"), "a\n");

  try {
    materialise_tree(repo(), id, out("empty"));
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kInfrastructure);
    EXPECT_NE(std::string(error.what()).find("not empty"), std::string::npos);
  }
}

TEST_F(GitMaterialiseTest, UnknownCommitIsAUsageError) {
  writer_.commit({{"a.txt", "a\n"}}, "first");
  try {
    materialise_tree(repo(), std::string(40, 'a'), out("tree"));
    FAIL() << "did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
  }
  EXPECT_FALSE(std::filesystem::exists(out("tree"))) << "nothing is created for a bad commit";
  EXPECT_THROW(materialise_tree(repo(), "main", out("tree2")), Error);
}

}  // namespace
}  // namespace perfwarden::git
