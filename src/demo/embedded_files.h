#pragma once

#include <string_view>
#include <vector>

namespace perfwarden::demo {

// A file of this repository compiled into the binary (see cmake/embed_files.cmake), so that
// `perfwarden demo` can build its scenario repository from the real bundled suites wherever the
// binary runs.
struct EmbeddedFile {
  std::string_view path;  // relative to the repository root, '/' separated
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace perfwarden::demo
