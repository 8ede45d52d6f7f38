#include "config/placeholders.h"

namespace perfwarden::config {

std::string unknown_placeholder(std::string_view text) {
  for (auto open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    auto close = text.find('}', open);
    if (close == std::string_view::npos) break;
    auto name = text.substr(open + 1, close - open - 1);
    if (name != "src" && name != "build") return std::string(name);
  }
  return {};
}

std::string expand_placeholders(std::string text, const RevisionDirs& dirs) {
  for (auto [placeholder, value] : {std::pair{std::string_view("{src}"), dirs.source.string()},
                                    std::pair{std::string_view("{build}"), dirs.build.string()}}) {
    // Searching on after the inserted value: a directory named "{src}" is not expanded again.
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

std::vector<std::string> expand_placeholders(const std::vector<std::string>& texts,
                                             const RevisionDirs& dirs) {
  std::vector<std::string> expanded;
  expanded.reserve(texts.size());
  for (const auto& text : texts) expanded.push_back(expand_placeholders(text, dirs));
  return expanded;
}

}  // namespace perfwarden::config
