#include <gtest/gtest.h>

#include "util/error.h"
#include "util/files.h"

namespace perfwarden::util {
namespace {

TEST(UtilFiles, AtomicWriteReplacesWholeAndLeavesNoTemporaries) {
  TempDir dir("pw-test");
  auto file = dir.path() / "sub" / "report.json";
  write_file_atomically(file, "first");
  write_file_atomically(file, "second");
  EXPECT_EQ(read_text_file(file), "second");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(file.parent_path()))
    ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(UtilFiles, ReadingAMissingFileNamesIt) {
  try {
    read_text_file("/nonexistent/perfwarden");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/perfwarden"), std::string::npos);
  }
}

TEST(UtilFiles, BoundedReadsOfFilesOthersWrote) {
  TempDir dir("perfwarden-test");
  auto path = dir.path() / "f";
  write_file_atomically(path, "0123456789");
  EXPECT_EQ(read_text_file_up_to(path, 10), "0123456789");
  EXPECT_EQ(read_text_file_up_to(path, 9), std::nullopt);
  EXPECT_EQ(read_file_tail(path, 4), "6789");
  EXPECT_EQ(read_file_tail(path, 100), "0123456789");
  EXPECT_THROW(read_text_file_up_to(dir.path() / "missing", 10), Error);
}

TEST(UtilFiles, TempDirIsRemoved) {
  std::filesystem::path kept;
  {
    TempDir dir("pw-test");
    kept = dir.path();
    write_file_atomically(kept / "x", "y");
    EXPECT_TRUE(std::filesystem::exists(kept));
  }
  EXPECT_FALSE(std::filesystem::exists(kept));
}

}  // namespace
}  // namespace perfwarden::util
