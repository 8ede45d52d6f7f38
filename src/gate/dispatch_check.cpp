#include "gate/dispatch_check.h"

#include <array>

#include "policy/change_kind.h"
#include "util/error.h"
#include "util/files.h"

namespace perfwarden::gate {
namespace fs = std::filesystem;
namespace {

// Text that marks code choosing or compiled for particular CPU extensions.
constexpr std::array<std::string_view, 17> kCodeMarkers = {"immintrin.h",
                                                           "x86intrin.h",
                                                           "intrin.h",
                                                           "arm_neon.h",
                                                           "arm_sve.h",
                                                           "cpuid",
                                                           "__builtin_cpu_supports",
                                                           "__builtin_cpu_is",
                                                           "target(\"",
                                                           "target_clones",
                                                           "ifunc",
                                                           "getauxval",
                                                           "_mm512_",
                                                           "_mm256_",
                                                           "__AVX",
                                                           "__SSE4",
                                                           "#pragma GCC target"};
constexpr std::array<std::string_view, 6> kBuildMarkers = {"-mavx", "-march=", "-msse",
                                                           "-mfma", "-mbmi",   "-mtune="};
constexpr std::uintmax_t kMaxScannedBytes = 4u << 20;
constexpr int kMaxBuildFiles = 5000;

std::string first_marker(const fs::path& file, auto const& markers) {
  std::optional<std::string> text;
  try {
    text = util::read_text_file_up_to(file, kMaxScannedBytes);
  } catch (const Error&) {
    return {};  // gone in this revision
  }
  if (!text) return "a file too large to scan";
  for (auto marker : markers) {
    if (text->find(marker) != std::string::npos) return std::string(marker);
  }
  return {};
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : ", ") + w;
  return text;
}

}  // namespace

std::string dispatch_blocker(const std::vector<std::string>& hidden,
                             const std::vector<fs::path>& source_dirs,
                             const std::vector<std::string>& changed_code_files) {
  if (hidden.empty()) return {};
  const std::string why = " and valgrind does not emulate " + joined(hidden) +
                          ", which this CPU has: the path that runs natively may be another";
  for (const auto& dir : source_dirs) {
    for (const auto& file : changed_code_files) {
      if (auto marker = first_marker(dir / file, kCodeMarkers); !marker.empty()) {
        return file + " has CPU-specific code (" + marker + ")" + why;
      }
    }
    int scanned = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      const std::string relative = fs::relative(it->path(), dir).generic_string();
      if (policy::classify_change(relative) != policy::ChangeKind::kBuild) continue;
      if (++scanned > kMaxBuildFiles) return "the build has too many build files to scan" + why;
      if (auto marker = first_marker(it->path(), kBuildMarkers); !marker.empty()) {
        return relative + " compiles with ISA flags (" + marker + ")" + why;
      }
    }
  }
  return {};
}

}  // namespace perfwarden::gate
