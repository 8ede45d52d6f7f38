#include <gtest/gtest.h>

#include <thread>

#include "util/error.h"
#include "util/file_lock.h"
#include "util/files.h"

namespace perfwarden::util {
namespace {

using Mode = FileLock::Mode;

TEST(UtilFileLock, ExcludesASecondHolderUntilReleased) {
  TempDir dir("pw-test");
  auto lock_path = dir.path() / "entry.lock";
  auto held = std::make_unique<FileLock>(lock_path, std::chrono::seconds(1));
  bool waited = false;
  // flock locks belong to the open file description, so a second open in this process contends.
  EXPECT_THROW(FileLock(lock_path, std::chrono::seconds(0), [&] { waited = true; }), Error);
  EXPECT_TRUE(waited);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    held.reset();
  });
  FileLock second(lock_path, std::chrono::seconds(10));
  release.join();
}

TEST(UtilFileLock, SharedHoldersCoexistAndExcludeAnExclusiveOne) {
  TempDir dir("pw-test");
  auto lock_path = dir.path() / "entry.lock";
  FileLock first(lock_path, std::chrono::seconds(1), {}, Mode::kShared);
  auto second = FileLock::try_acquire(lock_path, Mode::kShared);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(FileLock::try_acquire(lock_path, Mode::kExclusive), nullptr);
  EXPECT_TRUE(FileLock::is_held(lock_path));
}

TEST(UtilFileLock, IsHeldOnlyWhileSomebodyHoldsIt) {
  TempDir dir("pw-test");
  auto lock_path = dir.path() / "entry.lock";
  EXPECT_FALSE(FileLock::is_held(lock_path));  // no file at all
  {
    FileLock held(lock_path, std::chrono::seconds(1));
    EXPECT_TRUE(FileLock::is_held(lock_path));
  }
  EXPECT_FALSE(FileLock::is_held(lock_path));
  EXPECT_NE(FileLock::try_acquire(lock_path), nullptr);  // the probe left nothing behind
}

TEST(UtilFileLock, DowngradedLockAdmitsReadersButNotWriters) {
  TempDir dir("pw-test");
  auto lock_path = dir.path() / "entry.lock";
  FileLock held(lock_path, std::chrono::seconds(1));
  EXPECT_EQ(FileLock::try_acquire(lock_path, Mode::kShared), nullptr);
  held.downgrade_to_shared();
  EXPECT_NE(FileLock::try_acquire(lock_path, Mode::kShared), nullptr);
  EXPECT_EQ(FileLock::try_acquire(lock_path, Mode::kExclusive), nullptr);
}

TEST(UtilFileLock, ALockFileDeletedByItsHolderIsNotShared) {
  // A pruning run deletes the lock file while holding it; a run that takes the lock afterwards
  // must lock the new file at that path, and then a third run must be excluded by it.
  TempDir dir("pw-test");
  auto lock_path = dir.path() / "entry.lock";
  auto pruner = std::make_unique<FileLock>(lock_path, std::chrono::seconds(1));
  std::filesystem::remove(lock_path);
  pruner.reset();
  FileLock builder(lock_path, std::chrono::seconds(1));
  EXPECT_TRUE(std::filesystem::exists(lock_path));
  EXPECT_EQ(FileLock::try_acquire(lock_path), nullptr);
}

}  // namespace
}  // namespace perfwarden::util
