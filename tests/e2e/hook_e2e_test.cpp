// End-to-end: `perfwarden hook install` in a real repository, then real pushes to a local bare
// repository. The `git` binary runs here only as the user's client that triggers the hook (argv,
// no shell); the repositories themselves are made with libgit2.

#include <gtest/gtest.h>

#include <git2.h>

#include "gate/pre_push_hook.h"
#include "git/handles.h"
#include "git/libgit2_error.h"
#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::SampleProject;

std::optional<fs::path> find_git() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    if (fs::exists(fs::path(dir) / "git")) return fs::path(dir) / "git";
  }
  return std::nullopt;
}

class HookE2E : public ::testing::Test {
 protected:
  HookE2E() : dir_("perfwarden-hook-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {
    fs::create_directories(dir_.path() / "home");
  }

  CliRun install(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"hook", "install", "--repo", repo().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_perfwarden(PERFWARDEN_BINARY, args);
  }

  // `git push <bare> <refspec>` from the repository, isolated from the user's git config; the
  // hook's perfwarden builds into a private cache.
  util::ProcessResult push(const std::string& refspec, const std::string& to = "") {
    util::PosixProcessRunner runner;
    return runner.run(
        {.argv = {git_->string(), "push", to.empty() ? remote().string() : to, refspec},
         .working_directory = repo(),
         .timeout = std::chrono::seconds(900),
         .environment = {{"HOME", (dir_.path() / "home").string()},
                         {"XDG_CONFIG_HOME", (dir_.path() / "home").string()},
                         {"XDG_CACHE_HOME", (dir_.path() / "xdg-cache").string()},
                         {"GIT_CONFIG_NOSYSTEM", "1"},
                         {"GIT_TERMINAL_PROMPT", "0"},
                         {"NO_COLOR", "1"},
                         {"GITHUB_ACTIONS", ""},
                         {"GITHUB_STEP_SUMMARY", ""}}});
  }

  void init_bare_remote() {
    git::ensure_libgit2_initialised();
    git_repository* raw = nullptr;
    git::check(git_repository_init(&raw, remote().c_str(), /*is_bare=*/1),
               "cannot create the bare remote");
    git::RepositoryPtr bare(raw);
  }

  // The bare remote as the named remote `name` (default fetch refspec), as `git remote add` does.
  void add_remote(const std::string& name) {
    git_remote* raw = nullptr;
    git::check(git_remote_create(&raw, writer_.repository().raw(), name.c_str(), remote().c_str()),
               "cannot add the remote");
    git::Libgit2Ptr<git_remote, git_remote_free> added(raw);
  }

  void set_ref(const std::string& name, const std::string& commit_id) {
    git_oid id;
    git::check(git_oid_fromstr(&id, commit_id.c_str()), "bad commit id");
    git_reference* raw = nullptr;
    git::check(git_reference_create(&raw, writer_.repository().raw(), name.c_str(), &id, 1, "test"),
               "cannot set " + name);
    git::ReferencePtr ref(raw);
  }

  void set_symbolic_ref(const std::string& name, const std::string& target) {
    git_reference* raw = nullptr;
    git::check(git_reference_symbolic_create(&raw, writer_.repository().raw(), name.c_str(),
                                             target.c_str(), 1, "test"),
               "cannot set " + name);
    git::ReferencePtr ref(raw);
  }

  void set_upstream(const std::string& branch, const std::string& upstream) {
    git_reference* raw = nullptr;
    git::check(
        git_branch_lookup(&raw, writer_.repository().raw(), branch.c_str(), GIT_BRANCH_LOCAL),
        "no branch " + branch);
    git::ReferencePtr ref(raw);
    git::check(git_branch_set_upstream(ref.get(), upstream.c_str()), "cannot set the upstream");
  }

  // The commit refs/heads/`branch` points at in the bare remote, or "" when it has none.
  std::string remote_branch(const std::string& branch) {
    git_repository* raw = nullptr;
    git::check(git_repository_open_bare(&raw, remote().c_str()), "cannot open the bare remote");
    git::RepositoryPtr bare(raw);
    git_oid id;
    if (git_reference_name_to_id(&id, bare.get(), ("refs/heads/" + branch).c_str()) != 0) return "";
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, &id);
    return text;
  }

  fs::path repo() const { return dir_.path() / "repo"; }
  fs::path remote() const { return dir_.path() / "remote.git"; }
  fs::path hook() const { return repo() / ".git" / "hooks" / "pre-push"; }

  util::TempDir dir_;
  git::RepoWriter writer_;
  std::optional<fs::path> git_ = find_git();
};

TEST_F(HookE2E, RefusesAForeignHookUnlessForced) {
  writer_.commit(SampleProject{}.files(), "base");
  std::string foreign = "#!/bin/sh\necho someone else's hook\n";
  util::write_file_atomically(hook(), foreign, 0755);

  CliRun refused = install();
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("not perfwarden's"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(util::read_text_file(hook()), foreign);

  CliRun forced = install({"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  std::string written = util::read_text_file(hook());
  EXPECT_TRUE(gate::is_perfwarden_hook(written));
  EXPECT_NE(written.find(std::string("perfwarden='") + PERFWARDEN_BINARY + "'"), std::string::npos)
      << written;
  EXPECT_EQ(fs::status(hook()).permissions() & fs::perms::mask,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                fs::perms::others_read | fs::perms::others_exec);

  CliRun again = install();  // ours: idempotent
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
  EXPECT_EQ(util::read_text_file(hook()), written);
}

TEST_F(HookE2E, RespectsCoreHooksPath) {
  writer_.commit(SampleProject{}.files(), "base");
  git_config* raw = nullptr;
  git::check(git_repository_config(&raw, writer_.repository().raw()), "config");
  git::ConfigPtr config(raw);
  git::check(git_config_set_string(config.get(), "core.hooksPath", "tools/hooks"),
             "set core.hooksPath");

  CliRun run = install();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(
      gate::is_perfwarden_hook(util::read_text_file(repo() / "tools" / "hooks" / "pre-push")));
  EXPECT_FALSE(fs::exists(hook()));
}

TEST_F(HookE2E, PushOfARegressionIsStoppedAndAFixGoesThrough) {
  if (!git_) GTEST_SKIP() << "no git binary to push with";
  SampleProject base;
  std::string base_commit = writer_.commit(base.files(), "base");
  init_bare_remote();
  CliRun installed = install();
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  EXPECT_NE(installed.out.find("git push --no-verify"), std::string::npos) << installed.out;

  // A new branch on the remote: nothing to compare against, the push goes through.
  auto first = push("main");
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text;
  EXPECT_NE(first.stderr_text.find("not compared"), std::string::npos) << first.stderr_text;
  ASSERT_EQ(remote_branch("main"), base_commit);

  // A ref name is data: a new branch named like a command substitution runs nothing.
  auto odd = push("main:refs/heads/x$(touch${IFS}PWNED)`touch${IFS}PWNED2`");
  EXPECT_EQ(odd.exit_code, 0) << odd.stderr_text;
  EXPECT_FALSE(fs::exists(repo() / "PWNED"));
  EXPECT_FALSE(fs::exists(repo() / "PWNED2"));

  // Twice the work: the hook compares, prints the table and stops the push.
  SampleProject slower = base;
  slower.work = base.work * 2;
  writer_.commit(slower.files(), "double the work");
  auto blocked = push("main");
  EXPECT_NE(blocked.exit_code, 0) << blocked.stdout_text << blocked.stderr_text;
  std::string said = blocked.stdout_text + blocked.stderr_text;
  EXPECT_NE(said.find("regression"), std::string::npos) << said;
  EXPECT_NE(said.find("git push --no-verify"), std::string::npos) << said;
  EXPECT_EQ(remote_branch("main"), base_commit);

  // A harmless change on top of what the remote has: compared, passes, pushed.
  writer_.create_branch("fix", base_commit);
  writer_.checkout_branch("fix");
  SampleProject reworded = base;
  reworded.comment = "// Sample hot path, reworded.";
  std::string fix_commit = writer_.commit(reworded.files(), "reword a comment");
  auto passed = push("fix:main");
  EXPECT_EQ(passed.exit_code, 0) << passed.stdout_text << passed.stderr_text;
  EXPECT_NE(passed.stderr_text.find("comparing"), std::string::npos) << passed.stderr_text;
  EXPECT_EQ(remote_branch("main"), fix_commit);
}

// A branch the remote does not have yet is compared with its upstream when it has one, else with
// the remote's default branch (refs/remotes/<remote>/HEAD); the upstream wins when both exist.
TEST_F(HookE2E, NewBranchIsComparedWithItsUpstreamElseTheRemoteDefaultBranch) {
  if (!git_) GTEST_SKIP() << "no git binary to push with";
  SampleProject base;
  std::string base_commit = writer_.commit(base.files(), "base");
  init_bare_remote();
  add_remote("origin");
  ASSERT_EQ(install().exit_code, 0);
  auto first = push("main", "origin");
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text;

  // Remote-tracking refs as a fetch leaves them: origin/main, origin/HEAD -> origin/main, and an
  // origin/other that differs from both, so the comparison line shows which base was taken.
  set_ref("refs/remotes/origin/main", base_commit);
  set_symbolic_ref("refs/remotes/origin/HEAD", "refs/remotes/origin/main");
  writer_.create_branch("other", base_commit);
  writer_.checkout_branch("other");
  SampleProject other = base;
  other.comment = "// Sample hot path, as the other branch has it.";
  std::string other_commit = writer_.commit(other.files(), "other wording");
  set_ref("refs/remotes/origin/other", other_commit);

  // With an upstream: compared with it, not with the remote's default branch.
  writer_.create_branch("topic", other_commit);
  writer_.checkout_branch("topic");
  SampleProject topic = base;
  topic.comment = "// Sample hot path, as the topic branch has it.";
  std::string topic_commit = writer_.commit(topic.files(), "topic wording");
  set_upstream("topic", "origin/other");
  auto tracked = push("topic", "origin");
  EXPECT_EQ(tracked.exit_code, 0) << tracked.stdout_text << tracked.stderr_text;
  EXPECT_NE(tracked.stderr_text.find("comparing " + topic_commit + " with " + other_commit),
            std::string::npos)
      << tracked.stderr_text;
  EXPECT_EQ(remote_branch("topic"), topic_commit);

  // Without one: the remote's default branch, and a regression against it stops the push.
  writer_.create_branch("feature", base_commit);
  writer_.checkout_branch("feature");
  SampleProject slower = base;
  slower.work = base.work * 2;
  std::string feature_commit = writer_.commit(slower.files(), "double the work");
  auto blocked = push("feature", "origin");
  EXPECT_NE(blocked.exit_code, 0) << blocked.stdout_text << blocked.stderr_text;
  EXPECT_NE(blocked.stderr_text.find("comparing " + feature_commit + " with " + base_commit),
            std::string::npos)
      << blocked.stderr_text;
  EXPECT_NE((blocked.stdout_text + blocked.stderr_text).find("regression"), std::string::npos);
  EXPECT_EQ(remote_branch("feature"), "");
}

}  // namespace
}  // namespace perfwarden
