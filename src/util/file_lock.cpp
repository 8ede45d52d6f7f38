#include "util/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "util/error.h"
#include "util/interrupt.h"

namespace perfwarden::util {
namespace fs = std::filesystem;

bool FileLock::attempt(const fs::path& lock_path, Mode mode) {
  std::error_code ec;
  fs::create_directories(lock_path.parent_path(), ec);
  int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw infrastructure_error("cannot open lock file " + lock_path.string() + ": " +
                               std::strerror(errno));
  }
  if (flock(fd, (mode == Mode::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    close(fd);
    return false;
  }
  // Locked; but if a pruning run unlinked the file between our open and our flock, we hold a
  // lock nobody else can see. Only a lock on the file still at the path counts.
  struct stat held {};
  struct stat current {};
  if (fstat(fd, &held) != 0 || stat(lock_path.c_str(), &current) != 0 ||
      held.st_ino != current.st_ino || held.st_dev != current.st_dev) {
    close(fd);
    return false;
  }
  fd_ = fd;
  return true;
}

FileLock::FileLock(const fs::path& lock_path, std::chrono::seconds timeout,
                   const std::function<void()>& on_wait, Mode mode) {
  if (attempt(lock_path, mode)) return;
  if (on_wait) on_wait();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!attempt(lock_path, mode)) {
    if (interrupted() || std::chrono::steady_clock::now() > deadline) {
      throw_if_interrupted();
      throw infrastructure_error(
          "timed out waiting for lock " + lock_path.string(),
          "another perfwarden run is using this cache entry; wait for it or pass --cache-dir");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::unique_ptr<FileLock> FileLock::try_acquire(const fs::path& lock_path, Mode mode) {
  std::unique_ptr<FileLock> lock(new FileLock());
  if (!lock->attempt(lock_path, mode)) return nullptr;
  return lock;
}

bool FileLock::is_held(const fs::path& lock_path) {
  int fd = open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no lock file: nobody can hold it
  bool held = flock(fd, LOCK_EX | LOCK_NB) != 0;
  close(fd);  // releases the probe's lock, if it got one
  return held;
}

void FileLock::downgrade_to_shared() {
  // Blocking: an exclusive holder (a prune) may slip in between; callers re-check afterwards.
  if (fd_ >= 0) flock(fd_, LOCK_SH);
}

FileLock::~FileLock() {
  if (fd_ >= 0) {
    flock(fd_, LOCK_UN);
    close(fd_);
  }
}

}  // namespace perfwarden::util
