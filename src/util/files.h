#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace perfwarden::util {

// Whole-file read; throws perfwarden::Error (infrastructure) naming the path on failure.
std::string read_text_file(const std::filesystem::path& path);

// For files another program wrote, which may be any size: the whole file when it has at most
// `max_bytes`, else nullopt (the caller reports "too large"). Throws like read_text_file.
std::optional<std::string> read_text_file_up_to(const std::filesystem::path& path,
                                                std::uintmax_t max_bytes);
// The last `max_bytes` of the file (all of it when shorter), for the tail of a log that has no
// bound. Throws like read_text_file.
std::string read_file_tail(const std::filesystem::path& path, std::uintmax_t max_bytes);

// Writes `content` to a temporary file beside `path`, fsyncs it and renames it over `path`:
// readers see the old file or the new one, never half of either, even if we are killed midway.
// The new file has `mode` (0755 for a script) from the start, so it is never seen without it.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           unsigned mode = 0644);

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Keep the directory (e.g. for the user to inspect); the destructor then leaves it.
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

}  // namespace perfwarden::util
