#pragma once

#include <filesystem>
#include <string>

#include "gate/compare_pipeline.h"

namespace perfwarden::demo {

// The bundled default scenario: a throwaway git repository, made with libgit2, holding a small
// CMake + Google Benchmark project; a base commit and a head commit that makes a hot lookup
// clearly slower. Returns the options that gate it (base "main~1", head "main").
struct DemoRepository {
  std::filesystem::path path;
  gate::CompareOptions compare;
};

DemoRepository create_demo_repository(const std::filesystem::path& directory);

}  // namespace perfwarden::demo
