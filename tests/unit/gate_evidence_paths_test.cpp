#include <gtest/gtest.h>

#include "gate/evidence_stage.h"

namespace perfwarden::gate {
namespace {

EvidencePlan plan_in(const std::string& entry) {
  EvidencePlan plan;
  plan.head_source_dir = entry + "/head/source";
  plan.head_build_dir = entry + "/head/build";
  plan.base_source_dir = entry + "/base/source";
  plan.base_build_dir = entry + "/base/build";
  return plan;
}

TEST(GateEvidencePaths, MapsEveryNameAProfileGivesASourceFileToItsRepositoryPath) {
  const EvidencePlan plan = plan_in("/cache");
  // The prefix map of an absolute path, and the entries' own directories.
  EXPECT_EQ(repository_path("/perfwarden/src/src/x.cpp", plan), "src/x.cpp");
  EXPECT_EQ(repository_path("/cache/head/source/src/x.cpp", plan), "src/x.cpp");
  EXPECT_EQ(repository_path("/cache/base/source/x.cpp", plan), "x.cpp");
  // ccache's base_dir hands the compiler "../source/x.cpp" from the build directory, which the
  // line tables then name through the mapped build directory, or relative to it.
  EXPECT_EQ(repository_path("/perfwarden/build/../source/padding.cpp", plan), "padding.cpp");
  EXPECT_EQ(repository_path("../source/src/work.h", plan), "src/work.h");
  EXPECT_EQ(repository_path("/perfwarden/build/../source/./include/../src/y.cc", plan), "src/y.cc");
}

TEST(GateEvidencePaths, FilesOutsideTheRepositoryMapToNothing) {
  const EvidencePlan plan = plan_in("/cache");
  EXPECT_EQ(repository_path("/usr/include/c++/12/bits/stl_vector.h", plan), "");
  EXPECT_EQ(repository_path("/perfwarden/build/CMakeFiles/gen.cpp", plan), "");
  EXPECT_EQ(repository_path("/perfwarden/build/../source", plan), "");  // the directory itself
  EXPECT_EQ(repository_path("/cache/head/sourcex/y.cpp", plan), "");
  EXPECT_EQ(repository_path("???", plan), "");
}

}  // namespace
}  // namespace perfwarden::gate
