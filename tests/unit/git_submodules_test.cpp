#include "git/submodules.h"

#include <gtest/gtest.h>

#include "git/materialise.h"
#include "git/repo_writer.h"
#include "git/tree_diff.h"
#include "git_test_support.h"

namespace perfwarden::git {
namespace {

using testing::list_files;
using testing::read_file;
using testing::TempDir;

// A superproject and the repositories of its submodules, laid out the way git lays out a clone
// after `git submodule update --init --recursive`: each module's git directory under the
// superproject's .git/modules/<name>, nested ones under their parent's.
class GitSubmodulesTest : public ::testing::Test {
 protected:
  GitSubmodulesTest() : super_(RepoWriter::init(tmp_.path() / "super")) {}

  // A repository with one commit of `files`, made in a scratch directory; returns the commit.
  std::pair<std::filesystem::path, std::string> make_module(
      const std::string& name, const std::map<std::string, std::string>& files,
      const CommitOptions& options = {}) {
    const auto worktree = tmp_.path() / ("module-" + name);
    RepoWriter writer = RepoWriter::init(worktree);
    const std::string commit = writer.commit(files, "module " + name, kDemoIdentity, {}, options);
    return {worktree / ".git", commit};
  }

  // Moves a module's git directory where `git submodule absorbgitdirs` would put it.
  static void absorb(const std::filesystem::path& git_dir, const std::filesystem::path& into) {
    std::filesystem::create_directories(into.parent_path());
    std::filesystem::rename(git_dir, into);
  }

  std::filesystem::path modules() const { return super_.repository().git_dir() / "modules"; }
  std::filesystem::path out(const std::string& name) const { return tmp_.path() / name; }

  TempDir tmp_;
  RepoWriter super_;
};

TEST_F(GitSubmodulesTest, ASubmoduleIsWrittenFromTheClonesModulesDirectory) {
  auto [git_dir, lib_v1] = make_module("lib", {{"lib.h", "int f();\n"}, {"src/lib.cpp", "1\n"}});
  absorb(git_dir, modules() / "third_party" / "lib");
  const std::string commit =
      super_.commit({{"CMakeLists.txt", "project(super)\n"}}, "super", kDemoIdentity, {},
                    {.submodules = {{"third_party/lib", lib_v1}}});

  const auto submodules = materialise_tree(super_.repository(), commit, out("tree"));

  EXPECT_EQ(list_files(out("tree")),
            (std::vector<std::string>{"CMakeLists.txt", "third_party/lib/lib.h",
                                      "third_party/lib/src/lib.cpp"}));
  EXPECT_EQ(read_file(out("tree") / "third_party/lib/src/lib.cpp"), "1\n");
  ASSERT_EQ(submodules.size(), 1u);
  EXPECT_TRUE(submodules[0].available());
  EXPECT_TRUE(missing_submodules(submodules).empty());
}

TEST_F(GitSubmodulesTest, EachRevisionGetsTheSubmoduleCommitItRecords) {
  // One module repository holding two commits: a submodule bump between base and head.
  const auto worktree = tmp_.path() / "module-lib";
  RepoWriter lib = RepoWriter::init(worktree);
  const std::string v1 = lib.commit({{"version.txt", "1\n"}}, "v1");
  const std::string v2 = lib.commit({{"version.txt", "2\n"}}, "v2");
  absorb(worktree / ".git", modules() / "lib");
  const std::string base =
      super_.commit({{"a.txt", "a\n"}}, "base", kDemoIdentity, {}, {.submodules = {{"lib", v1}}});
  const std::string head =
      super_.commit({}, "bump lib", kDemoIdentity, {}, {.submodules = {{"lib", v2}}});

  materialise_tree(super_.repository(), base, out("base"));
  materialise_tree(super_.repository(), head, out("head"));

  EXPECT_EQ(read_file(out("base") / "lib/version.txt"), "1\n");
  EXPECT_EQ(read_file(out("head") / "lib/version.txt"), "2\n");
}

TEST_F(GitSubmodulesTest, NestedSubmodulesAreWrittenInsideTheirParent) {
  auto [inner_dir, inner] = make_module("inner", {{"inner.txt", "inner\n"}});
  auto [outer_dir, outer] =
      make_module("outer", {{"outer.txt", "outer\n"}}, {.submodules = {{"deps/inner", inner}}});
  absorb(outer_dir, modules() / "outer");
  absorb(inner_dir, modules() / "outer" / "modules" / "deps" / "inner");
  const std::string commit = super_.commit({{"a.txt", "a\n"}}, "super", kDemoIdentity, {},
                                           {.submodules = {{"vendor/outer", outer}}});

  const auto submodules = materialise_tree(super_.repository(), commit, out("tree"));

  EXPECT_EQ(list_files(out("tree")),
            (std::vector<std::string>{"a.txt", "vendor/outer/deps/inner/inner.txt",
                                      "vendor/outer/outer.txt"}));
  ASSERT_EQ(submodules.size(), 2u);
  EXPECT_EQ(submodules[0].path, "vendor/outer");  // parents first
  EXPECT_EQ(submodules[1].path, "vendor/outer/deps/inner");
  EXPECT_EQ(submodules[1].commit_id, inner);
}

TEST_F(GitSubmodulesTest, AModuleWhoseNameIsNotItsPathIsFound) {
  // `git submodule add --name benchmark-lib ... third_party/benchmark`, or a renamed path.
  auto [git_dir, commit_id] = make_module("bench", {{"bench.h", "#pragma once\n"}});
  absorb(git_dir, modules() / "benchmark-lib");
  const std::string commit = super_.commit({{"a.txt", "a\n"}}, "super", kDemoIdentity, {},
                                           {.submodules = {{"third_party/benchmark", commit_id}}});

  materialise_tree(super_.repository(), commit, out("tree"));

  EXPECT_EQ(read_file(out("tree") / "third_party/benchmark/bench.h"), "#pragma once\n");
}

TEST_F(GitSubmodulesTest, ASubmoduleClonedInPlaceByAnOlderGitIsFound) {
  // Its .git directory lives in the superproject's worktree, not under .git/modules.
  RepoWriter in_place = RepoWriter::init(super_.repository().workdir() / "lib");
  const std::string lib = in_place.commit({{"lib.txt", "lib\n"}}, "lib");
  const std::string commit =
      super_.commit({{"a.txt", "a\n"}}, "super", kDemoIdentity, {}, {.submodules = {{"lib", lib}}});

  const auto submodules = find_submodules(super_.repository(), commit);
  materialise_tree(super_.repository(), commit, out("tree"), submodules);

  ASSERT_EQ(submodules.size(), 1u);
  EXPECT_EQ(submodules[0].git_dir, super_.repository().workdir() / "lib" / ".git");
  EXPECT_EQ(read_file(out("tree") / "lib/lib.txt"), "lib\n");
}

TEST_F(GitSubmodulesTest, MissingSubmodulesAreListedWithTheirCommits) {
  auto [git_dir, present] = make_module("present", {{"p.txt", "p\n"}});
  absorb(git_dir, modules() / "present");
  const std::string absent(40, 'c');
  const std::string commit =
      super_.commit({{"a.txt", "a\n"}}, "super", kDemoIdentity, {},
                    {.submodules = {{"present", present}, {"ext/absent", absent}}});

  const auto submodules = find_submodules(super_.repository(), commit);
  const auto missing = missing_submodules(submodules);

  ASSERT_EQ(submodules.size(), 2u);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].path, "ext/absent");
  EXPECT_EQ(describe_missing_submodules(missing),
            "submodule ext/absent (commit cccccccccccc) is not in this clone");
}

TEST_F(GitSubmodulesTest, ASubmoduleBumpChangesTheFilesItChangedInside) {
  const auto worktree = tmp_.path() / "module-lib";
  RepoWriter lib = RepoWriter::init(worktree);
  const std::string v1 = lib.commit({{"src/hot.cpp", "1\n"}, {"README.md", "lib\n"}}, "v1");
  const std::string v2 = lib.commit({{"src/hot.cpp", "2\n"}}, "v2");
  const std::string v3 = lib.commit({{"README.md", "lib, documented\n"}}, "v3");
  absorb(worktree / ".git", modules() / "third_party" / "lib");
  const std::string base = super_.commit({{"a.txt", "a\n"}}, "base", kDemoIdentity, {},
                                         {.submodules = {{"third_party/lib", v1}}});
  const std::string code_bump =
      super_.commit({}, "bump to v2", kDemoIdentity, {}, {.submodules = {{"third_party/lib", v2}}});
  const std::string docs_bump =
      super_.commit({}, "bump to v3", kDemoIdentity, {}, {.submodules = {{"third_party/lib", v3}}});
  const std::string unknown =
      super_.commit({}, "bump to an unfetched commit", kDemoIdentity, {},
                    {.submodules = {{"third_party/lib", std::string(40, 'd')}}});

  EXPECT_EQ(changed_paths(super_.repository(), base, code_bump),
            (std::vector<std::string>{"third_party/lib/src/hot.cpp"}));
  EXPECT_EQ(changed_paths(super_.repository(), code_bump, docs_bump),
            (std::vector<std::string>{"third_party/lib/README.md"}));
  // Added: everything in it.
  EXPECT_EQ(changed_paths(super_.repository(), "", base),
            (std::vector<std::string>{"a.txt", "third_party/lib/README.md",
                                      "third_party/lib/src/hot.cpp"}));
  // Files inside are read through the submodule (a benchmark's source may live there).
  EXPECT_EQ(read_file_at(super_.repository(), code_bump, "third_party/lib/src/hot.cpp"), "2\n");
  EXPECT_EQ(read_file_at(super_.repository(), base, "third_party/lib/src/hot.cpp"), "1\n");
  EXPECT_EQ(read_file_at(super_.repository(), unknown, "third_party/lib/src/hot.cpp"),
            std::nullopt);
  EXPECT_EQ(read_file_at(super_.repository(), base, "third_party/lib"), std::nullopt);
  // A commit the clone does not hold: the submodule's path is all that is known.
  EXPECT_EQ(changed_paths(super_.repository(), docs_bump, unknown),
            (std::vector<std::string>{"third_party/lib"}));
}

TEST_F(GitSubmodulesTest, AtMostAThousandSubmodulesAreFollowed) {
  std::map<std::string, std::string> links;
  for (int i = 0; i < 1001; ++i) {
    char id[41];
    std::snprintf(id, sizeof id, "%040x", i + 1);
    links["deps/m" + std::to_string(i)] = id;
  }
  const std::string commit =
      super_.commit({{"a.txt", "a\n"}}, "many", kDemoIdentity, {}, {.submodules = links});

  const auto submodules = find_submodules(super_.repository(), commit);

  EXPECT_EQ(submodules.size(), 1000u);
  EXPECT_EQ(missing_submodules(submodules).size(), 1000u);
}

}  // namespace
}  // namespace perfwarden::git
