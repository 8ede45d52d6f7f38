// CMake File API reply files (`perfwarden init` reads them after configuring a project it did
// not write): the index, the codemodel, a target and the cache. Each parser returns true or false
// with a problem and never throws; file names it hands on are plain names (no directory traversal);
// an executable it accepts has an artifact path.

#include <cctype>

#include "build/cmake_file_api.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  const std::string_view text = fuzz::as_text(data, size);
  auto plain = [](const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name != "..";
  };
  try {
    std::string file, problem;
    if (build::parse_reply_index(text, file, problem)) {
      fuzz::require(plain(file), "an index naming a path", file);
    } else {
      fuzz::require(!problem.empty(), "index refused without a problem");
    }
    std::vector<std::string> files;
    problem.clear();
    if (build::parse_codemodel(text, files, problem)) {
      for (const auto& f : files) fuzz::require(plain(f), "a codemodel naming a path", f);
    } else {
      fuzz::require(!problem.empty(), "codemodel refused without a problem");
    }
    build::ExecutableTarget target;
    bool executable = false;
    problem.clear();
    if (build::parse_codemodel_target(text, target, executable, problem)) {
      fuzz::require(!target.name.empty(), "a target without a name");
      if (executable) fuzz::require(!target.artifact.empty(), "an executable without artifact");
    } else {
      fuzz::require(!problem.empty(), "target refused without a problem");
    }
    problem.clear();
    if (build::parse_reply_index(text, file, problem, "cache-v2")) {
      fuzz::require(plain(file), "an index naming a path for the cache", file);
    } else {
      fuzz::require(!problem.empty(), "cache index refused without a problem");
    }
    std::vector<build::CMakeCacheEntry> entries;
    problem.clear();
    if (build::parse_cache(text, entries, problem)) {
      // Switches go on a command line as -DNAME=ON: nothing that could split or redirect it.
      for (const auto& name : build::benchmark_switches(entries)) {
        for (char c : name) {
          fuzz::require(
              std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.',
              "a benchmark switch that is not a plain name", name);
        }
      }
    } else {
      fuzz::require(!problem.empty(), "cache refused without a problem");
    }
    (void)build::is_google_benchmark_library(text);
  } catch (const std::exception& e) {
    fuzz::violation("a File API parser threw", e.what());
  }
  return 0;
}
