#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

namespace perfwarden::util {

// An advisory lock (flock) on a lock file, held for the object's lifetime. Two gate runs sharing
// one cache serialise on each entry instead of corrupting it; the kernel releases the lock if we
// crash, so there are no stale locks to clean up. Shared holders (runs reading a finished entry)
// exclude only exclusive ones (a run building it, a prune removing it).
//
// The lock file itself may be deleted by a holder of the exclusive lock (cache pruning): a lock
// taken on a file that was unlinked meanwhile is dropped and taken again on the new file, so two
// runs never both believe they hold one lock.
class FileLock {
 public:
  enum class Mode { kExclusive, kShared };

  // Waits while a conflicting holder has the lock; calls `on_wait` once if it has to wait.
  // Throws perfwarden::Error (infrastructure) after `timeout`, naming the lock file.
  FileLock(const std::filesystem::path& lock_path, std::chrono::seconds timeout,
           const std::function<void()>& on_wait = {}, Mode mode = Mode::kExclusive);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  // The lock if nobody holds a conflicting one right now, else nullptr. Never waits.
  static std::unique_ptr<FileLock> try_acquire(const std::filesystem::path& lock_path,
                                               Mode mode = Mode::kExclusive);
  // Whether some process holds the lock in any mode (probed with a non-blocking exclusive lock,
  // released at once).
  static bool is_held(const std::filesystem::path& lock_path);

  // Turns an exclusive lock into a shared one. Not atomic (flock drops, then re-takes), so the
  // caller re-checks whatever the lock protects afterwards.
  void downgrade_to_shared();

 private:
  FileLock() = default;
  // One attempt: open the file, flock it without waiting, check it is still the file at the path.
  bool attempt(const std::filesystem::path& lock_path, Mode mode);

  int fd_ = -1;
};

}  // namespace perfwarden::util
