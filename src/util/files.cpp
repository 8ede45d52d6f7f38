#include "util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "util/error.h"

namespace perfwarden::util {
namespace fs = std::filesystem;

std::string read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw infrastructure_error("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

namespace {

// Reads `length` bytes from `offset` of an open stream; fewer if the file is shorter.
std::string read_range(std::ifstream& in, std::uintmax_t offset, std::uintmax_t length) {
  std::string content(static_cast<std::size_t>(length), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(content.data(), static_cast<std::streamsize>(length));
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

std::ifstream open_for_reading(const fs::path& path, std::uintmax_t& size) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  size = fs::file_size(path, ec);
  if (!in || ec) {
    throw infrastructure_error("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  return in;
}

}  // namespace

std::optional<std::string> read_text_file_up_to(const fs::path& path, std::uintmax_t max_bytes) {
  std::uintmax_t size = 0;
  std::ifstream in = open_for_reading(path, size);
  if (size > max_bytes) return std::nullopt;
  // One byte more than measured tells a file that grew since.
  std::string content = read_range(in, 0, size + 1);
  if (content.size() > max_bytes) return std::nullopt;
  return content;
}

std::string read_file_tail(const fs::path& path, std::uintmax_t max_bytes) {
  std::uintmax_t size = 0;
  std::ifstream in = open_for_reading(path, size);
  std::uintmax_t offset = size > max_bytes ? size - max_bytes : 0;
  return read_range(in, offset, size - offset);
}

void write_file_atomically(const fs::path& path, std::string_view content, unsigned mode) {
  auto directory = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code ec;
  fs::create_directories(directory, ec);
  std::string temp_template =
      (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(temp_template.data());
  if (fd < 0) {
    throw infrastructure_error("cannot create a temporary file in " + directory.string() + ": " +
                               std::strerror(errno));
  }
  auto fail = [&](const char* step) {
    int saved = errno;
    close(fd);
    unlink(temp_template.c_str());
    return infrastructure_error(std::string("cannot write ") + path.string() + " (" + step +
                                "): " + std::strerror(saved));
  };
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (fchmod(fd, static_cast<mode_t>(mode)) != 0) throw fail("fchmod");
  if (fsync(fd) != 0) throw fail("fsync");
  if (close(fd) != 0) {
    unlink(temp_template.c_str());
    throw infrastructure_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  if (rename(temp_template.c_str(), path.c_str()) != 0) {
    int saved = errno;
    unlink(temp_template.c_str());
    throw infrastructure_error("cannot replace " + path.string() + ": " + std::strerror(saved));
  }
}

TempDir::TempDir(std::string_view prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw infrastructure_error("cannot create a temporary directory: " +
                               std::string(std::strerror(errno)));
  }
  path_ = pattern;
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

}  // namespace perfwarden::util
