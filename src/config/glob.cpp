#include "config/glob.h"

#include <cctype>
#include <string>
#include <vector>

namespace perfwarden::config {
namespace {

char fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// `*` and `?` over bytes, with the classic single-backtrack-point algorithm: linear in practice,
// O(|pattern| * |text|) at worst, never exponential.
bool wildcard(std::string_view pattern, std::string_view text, bool ignore_case) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || fold(pattern[p], ignore_case) == fold(text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto end = text.find('/', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

std::string_view path_glob_problem(std::string_view pattern) {
  if (pattern.empty() || pattern == "/") return "is empty";
  if (pattern.size() > 512) return "is longer than 512 characters";
  for (char c : pattern) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "contains a control character";
  }
  std::string_view body = pattern;
  if (body.front() == '/') body.remove_prefix(1);
  if (!body.empty() && body.back() == '/') body.remove_suffix(1);
  for (auto segment : split(body)) {
    if (segment.empty()) return "has an empty segment ('//')";
    if (segment == "." || segment == "..") return "has a '.' or '..' segment";
  }
  return {};
}

bool path_glob_matches(std::string_view pattern, std::string_view path) {
  if (!path_glob_problem(pattern).empty() || path.empty()) return false;
  bool directory_only = pattern.back() == '/';
  if (directory_only) pattern.remove_suffix(1);
  bool anchored = pattern.front() == '/' || pattern.find('/') != std::string_view::npos;
  if (pattern.front() == '/') pattern.remove_prefix(1);

  std::vector<std::string_view> glob = split(pattern);
  if (!anchored) glob.insert(glob.begin(), "**");  // a bare name matches at any depth
  const std::vector<std::string_view> segments = split(path);
  const std::size_t n = segments.size();

  // reach[t]: the pattern's first i segments can consume exactly the path's first t segments.
  std::vector<char> reach(n + 1, 0);
  reach[0] = 1;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    std::vector<char> next(n + 1, 0);
    const bool last = i + 1 == glob.size();
    for (std::size_t t = 0; t <= n; ++t) {
      if (!reach[t]) continue;
      if (glob[i] == "**") {
        // Zero or more segments; at the end, one or more ("dir/**" is what is inside dir).
        for (std::size_t u = last ? t + 1 : t; u <= n; ++u) next[u] = 1;
      } else if (t < n && wildcard(glob[i], segments[t], /*ignore_case=*/false)) {
        next[t + 1] = 1;
      }
    }
    reach = std::move(next);
  }
  // The whole path (a file), or a leading directory of it (which covers the file).
  for (std::size_t t = 1; t < n; ++t) {
    if (reach[t]) return true;
  }
  return reach[n] && !directory_only;
}

bool wildcard_matches(std::string_view pattern, std::string_view text) {
  return wildcard(pattern, text, /*ignore_case=*/true);
}

}  // namespace perfwarden::config
