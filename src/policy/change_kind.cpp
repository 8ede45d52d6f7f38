#include "policy/change_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "bench/benchmark_registrations.h"
#include "policy/owner_policy.h"

namespace perfwarden::policy {
namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& options) {
  return std::find(options.begin(), options.end(), text) != options.end();
}

}  // namespace

ChangeKind classify_change(std::string_view path) {
  const std::string_view name =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  const std::string lowered = lower(name);
  const std::string_view first = path.substr(0, path.find('/'));
  if (is_policy_path(path) || first == ".github" || lowered == ".gitignore" ||
      lowered == ".gitattributes") {
    return ChangeKind::kGate;
  }
  if (bench::is_cxx_source_path(path)) return ChangeKind::kCode;
  static constexpr std::array<std::string_view, 6> kBuildNames = {
      "cmakelists.txt",    "makefile",    "meson.build",
      "meson_options.txt", "build.bazel", "cmakepresets.json"};
  if (one_of(lowered, kBuildNames) || ends_with(lowered, ".cmake") ||
      ends_with(lowered, ".cmake.in") || ends_with(lowered, ".mk") || ends_with(lowered, ".bzl")) {
    return ChangeKind::kBuild;
  }
  static constexpr std::array<std::string_view, 5> kDocExtensions = {".md", ".markdown", ".rst",
                                                                     ".adoc", ".org"};
  const auto dot = lowered.rfind('.');
  const std::string stem = lowered.substr(0, dot);
  static constexpr std::array<std::string_view, 6> kDocNames = {"license",   "copying", "authors",
                                                                "changelog", "news",    "readme"};
  if ((dot != std::string::npos && one_of(std::string_view(lowered).substr(dot), kDocExtensions)) ||
      one_of(stem, kDocNames) || first == "docs" || first == "doc") {
    return ChangeKind::kDocumentation;
  }
  return ChangeKind::kOther;
}

}  // namespace perfwarden::policy
