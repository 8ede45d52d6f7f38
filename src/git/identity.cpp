#include "git/identity.h"

#include <algorithm>

namespace perfwarden::git {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool clean(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '<' || c == '>';
  });
}

}  // namespace

std::optional<Identity> parse_identity(std::string_view text) {
  auto open = text.find('<');
  auto close = text.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  if (!trim(text.substr(close + 1)).empty()) return std::nullopt;
  auto name = trim(text.substr(0, open));
  auto email = trim(text.substr(open + 1, close - open - 1));
  if (name.empty() || email.empty() || email.find('@') == std::string_view::npos)
    return std::nullopt;
  if (!clean(name) || !clean(email) || email.find(' ') != std::string_view::npos)
    return std::nullopt;
  return Identity{std::string(name), std::string(email)};
}

std::string format_identity(const Identity& identity) {
  return identity.name + " <" + identity.email + ">";
}

}  // namespace perfwarden::git
