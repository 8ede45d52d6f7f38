#include "git/libgit2_error.h"

#include <git2.h>
#include <gtest/gtest.h>

#include "git/text_limits.h"
#include "util/error.h"

namespace perfwarden::git {
namespace {

TEST(GitLibgit2Error, CheckPassesNonNegativeCodes) {
  EXPECT_NO_THROW(check(0, "anything"));
  EXPECT_NO_THROW(check(3, "anything"));
}

TEST(GitLibgit2Error, CheckAppendsLibgit2MessageAndKeepsExitCode) {
  ensure_libgit2_initialised();
  git_repository* repo = nullptr;
  const int rc = git_repository_open(&repo, "/nonexistent/perfwarden/path");
  ASSERT_LT(rc, 0);
  try {
    check(rc, "cannot open it", ExitCode::kUsage, "the fix");
    FAIL() << "check() did not throw";
  } catch (const Error& error) {
    const std::string what = error.what();
    EXPECT_EQ(what.rfind("cannot open it: ", 0), 0U) << what;
    EXPECT_GT(what.size(), std::string("cannot open it: ").size());
    EXPECT_EQ(error.exit_code(), ExitCode::kUsage);
    EXPECT_EQ(error.fix(), "the fix");
  }
}

TEST(GitLibgit2Error, DefaultsToInfrastructure) {
  ensure_libgit2_initialised();  // libgit2's error state does not exist before init (ctest runs
                                 // each test alone)
  git_error_clear();
  try {
    check(-1, "it broke");
    FAIL() << "check() did not throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), ExitCode::kInfrastructure);
    EXPECT_EQ(std::string(error.what()), "it broke: libgit2 error -1");
  }
}

TEST(GitTextLimits, TruncateKeepsShortTextAndCutsAtUtf8Boundary) {
  EXPECT_EQ(truncate_utf8("abc", 3), "abc");
  EXPECT_EQ(truncate_utf8("abcd", 3), std::string("abc") + std::string(kTruncationMarker));
  // "é" is two bytes (c3 a9); a cut after byte 2 would split it.
  EXPECT_EQ(truncate_utf8("a\xc3\xa9z", 2), std::string("a") + std::string(kTruncationMarker));
  EXPECT_EQ(truncate_utf8("a\xc3\xa9z", 3),
            std::string("a\xc3\xa9") + std::string(kTruncationMarker));
}

TEST(GitTextLimits, PrintableEscapesControlBytes) {
  EXPECT_EQ(printable("main"), "main");
  EXPECT_EQ(printable("a\x1b[31mb\n\x7f"), "a\\x1b[31mb\\x0a\\x7f");
}

}  // namespace
}  // namespace perfwarden::git
