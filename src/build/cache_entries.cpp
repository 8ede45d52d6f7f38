#include "build/cache_entries.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/file_lock.h"
#include "util/files.h"
#include "util/human_units.h"

namespace perfwarden::build {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kKeyLength = 24;  // build_cache_key()
constexpr std::uintmax_t kMaxMarkerBytes = 1 << 16;

bool is_entry_name(const std::string& name) {
  return name.size() == kKeyLength && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::uint64_t tree_bytes(const fs::path& path) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec) && !it->is_symlink(size_ec)) {
      auto size = it->file_size(size_ec);
      if (!size_ec) bytes += size;
    }
  }
  return bytes;
}

CacheEntry describe_entry(const fs::path& root, const fs::path& path) {
  CacheEntry entry;
  entry.key = path.filename().string();
  entry.path = path;
  entry.bytes = tree_bytes(path);
  entry.in_use = util::FileLock::is_held(entry_lock_path(root, entry.key));
  std::error_code ec;
  fs::path marker = entry_marker_path(path);
  entry.complete = fs::is_regular_file(marker, ec);
  entry.last_used = fs::last_write_time(entry.complete ? marker : path, ec);
  if (entry.complete) {
    // Our own file, but read defensively: a damaged marker only loses the revision column.
    try {
      auto text = util::read_text_file_up_to(marker, kMaxMarkerBytes);
      auto json = nlohmann::json::parse(text.value_or(""), nullptr, false);
      if (json.is_object()) {
        if (json.contains("commit") && json["commit"].is_string()) entry.commit = json["commit"];
        if (json.contains("tree") && json["tree"].is_string()) entry.tree = json["tree"];
      }
    } catch (const Error&) {
    }
  }
  return entry;
}

fs::path trash_dir(const fs::path& root) { return root / ".trash"; }

// Moves `path` into the trash (atomic: it stops being visible at once) and deletes it there.
bool discard(const fs::path& root, const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  fs::create_directories(trash_dir(root), ec);
  fs::path target = trash_dir(root) / (path.filename().string() + "-" + std::to_string(getpid()) +
                                       "-" + std::to_string(counter++));
  fs::rename(path, target, ec);
  if (ec) return false;
  fs::remove_all(target, ec);
  return true;
}

// Removes one entry if nobody holds it: exclusive lock, rename into the trash, drop the lock file.
bool remove_entry(const fs::path& root, const CacheEntry& entry) {
  const fs::path lock_path = entry_lock_path(root, entry.key);
  auto lock = util::FileLock::try_acquire(lock_path);
  if (!lock) return false;
  if (!discard(root, entry.path)) return false;
  // Safe while we hold it: a run that opened the old file re-checks the path after locking.
  std::error_code ec;
  fs::remove(lock_path, ec);
  return true;
}

void empty_trash(const fs::path& root) {
  std::error_code ec;
  fs::remove_all(trash_dir(root), ec);  // leftovers of a prune that was killed midway
}

}  // namespace

fs::path entry_marker_path(const fs::path& entry) { return entry / "build-ok.json"; }

fs::path entry_lock_path(const fs::path& root, const std::string& key) {
  return root / (key + ".lock");
}

void touch_cache_entry(const fs::path& entry) {
  std::error_code ec;
  fs::last_write_time(entry_marker_path(entry), fs::file_time_type::clock::now(), ec);
}

CacheLimits cache_limits_from_environment() {
  CacheLimits limits;
  if (const char* size = std::getenv("PERFWARDEN_CACHE_MAX_SIZE"); size && *size) {
    auto bytes = util::parse_byte_size(size);
    if (!bytes || *bytes == 0) {
      throw usage_error("PERFWARDEN_CACHE_MAX_SIZE='" + std::string(size) + "' is not a size",
                        "use a size like 500M or 10G");
    }
    limits.max_bytes = *bytes;
  }
  if (const char* age = std::getenv("PERFWARDEN_CACHE_MAX_AGE"); age && *age) {
    auto seconds = util::parse_age(age);
    if (!seconds) {
      throw usage_error("PERFWARDEN_CACHE_MAX_AGE='" + std::string(age) + "' is not an age",
                        "use an age like 7d, 12h or 30m");
    }
    limits.max_age = *seconds;
  }
  return limits;
}

std::vector<CacheEntry> list_cache_entries(const fs::path& root) {
  std::vector<CacheEntry> entries;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return entries;
  for (const auto& item : fs::directory_iterator(root, ec)) {
    std::error_code type_ec;
    if (!item.is_directory(type_ec) || item.is_symlink(type_ec)) continue;
    if (!is_entry_name(item.path().filename().string())) continue;
    entries.push_back(describe_entry(root, item.path()));
  }
  std::sort(entries.begin(), entries.end(),
            [](const CacheEntry& a, const CacheEntry& b) { return a.last_used > b.last_used; });
  return entries;
}

std::uint64_t compiler_cache_bytes(const fs::path& root) { return tree_bytes(root / "ccache"); }

PruneResult prune_cache(const fs::path& root, const CacheLimits& limits, fs::file_time_type now) {
  empty_trash(root);
  PruneResult result;
  std::vector<CacheEntry> entries = list_cache_entries(root);  // most recent first
  std::uint64_t total = 0;
  for (const auto& entry : entries) total += entry.bytes;
  // Oldest first: past the age limit, or while the rest do not fit.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const bool too_old = now - it->last_used > limits.max_age;
    if (!too_old && total <= limits.entry_bytes()) break;
    if (!it->in_use && remove_entry(root, *it)) {
      total -= it->bytes;
      result.removed.push_back(*it);
    } else {
      result.kept_in_use.push_back(*it);
    }
  }
  result.bytes_after = total;
  return result;
}

PruneResult clear_cache(const fs::path& root) {
  empty_trash(root);
  PruneResult result;
  for (const CacheEntry& entry : list_cache_entries(root)) {
    if (!entry.in_use && remove_entry(root, entry)) {
      result.removed.push_back(entry);
    } else {
      result.kept_in_use.push_back(entry);
      result.bytes_after += entry.bytes;
    }
  }
  std::error_code ec;
  if (fs::exists(root / "ccache", ec)) discard(root, root / "ccache");
  return result;
}

}  // namespace perfwarden::build
