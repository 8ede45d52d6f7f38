#include <gtest/gtest.h>

#include "policy/change_kind.h"

namespace perfwarden::policy {
namespace {

TEST(PolicyChangeKind, ClassifiesWhatAFileCanDoToARun) {
  EXPECT_EQ(classify_change("src/db/pager.cpp"), ChangeKind::kCode);
  EXPECT_EQ(classify_change("include/a.hpp"), ChangeKind::kCode);
  EXPECT_EQ(classify_change("CMakeLists.txt"), ChangeKind::kBuild);
  EXPECT_EQ(classify_change("cmake/Warnings.cmake"), ChangeKind::kBuild);
  EXPECT_EQ(classify_change("src/Makefile"), ChangeKind::kBuild);
  EXPECT_EQ(classify_change("README.md"), ChangeKind::kDocumentation);
  EXPECT_EQ(classify_change("docs/guide.txt"), ChangeKind::kDocumentation);
  EXPECT_EQ(classify_change("LICENSE"), ChangeKind::kDocumentation);
  EXPECT_EQ(classify_change("perfwarden.json"), ChangeKind::kGate);
  EXPECT_EQ(classify_change("baselines/core.x86-64-v3.gcc-12.json"), ChangeKind::kGate);
  EXPECT_EQ(classify_change(".github/workflows/ci.yml"), ChangeKind::kGate);
  // Anything a benchmark might read at run time, or a script that builds something.
  EXPECT_EQ(classify_change("data/input.csv"), ChangeKind::kOther);
  EXPECT_EQ(classify_change("tools/gen.py"), ChangeKind::kOther);
  EXPECT_EQ(classify_change("bench/notes.txt"), ChangeKind::kOther);
}

}  // namespace
}  // namespace perfwarden::policy
