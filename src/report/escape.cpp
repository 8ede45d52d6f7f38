#include "report/escape.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "util/terminal.h"
#include "util/utf8.h"

namespace perfwarden::report {
namespace {

using util::for_each_code_point;

std::string escape_workflow(std::string_view text, bool property) {
  std::string out;
  for_each_code_point(text, [&](char32_t c, std::string_view bytes) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        // Other control characters (an escape sequence recolouring the log) are dropped:
        // workflow commands have no escape for them.
        if ((c < 0x20 && c != '\t') || c == 0x7F) break;
        out += bytes;
    }
  });
  return out;
}

// The characters markup treats specially, as entities; `apostrophe` is XML's &apos; or the
// &#39; that every HTML parser reads. Returns whether `c` was one of them.
bool append_markup_entity(std::string& out, char32_t c, std::string_view apostrophe) {
  switch (c) {
    case '&':
      out += "&amp;";
      return true;
    case '<':
      out += "&lt;";
      return true;
    case '>':
      out += "&gt;";
      return true;
    case '"':
      out += "&quot;";
      return true;
    case '\'':
      out += apostrophe;
      return true;
    default:
      return false;
  }
}

std::string escape_xml_content(std::string_view text, bool attribute) {
  std::string out;
  for_each_code_point(text, [&](char32_t c, std::string_view bytes) {
    if (append_markup_entity(out, c, "&apos;")) return;
    switch (c) {
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) break;  // not allowed in XML 1.0
        out += bytes;
    }
  });
  return out;
}

}  // namespace

std::string escape_markdown(std::string_view text) {
  static constexpr std::string_view kSpecial = "\\*_[]()<>#|!`~";
  std::string out;
  for_each_code_point(text, [&](char32_t c, std::string_view bytes) {
    if (c < 0x80 && kSpecial.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '@') {
      out += "@\xE2\x80\x8B";  // U+200B ZERO WIDTH SPACE: GitHub does not link "@\u200Bname"
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      // other control characters have no place in a rendered document
    } else {
      out += bytes;
    }
  });
  return out;
}

std::string markdown_code_block(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body = util::valid_utf8(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + "text\n" + body + fence + "\n";
}

std::string escape_html(std::string_view text) {
  std::string out;
  for_each_code_point(text, [&](char32_t c, std::string_view bytes) {
    if (append_markup_entity(out, c, "&#39;")) return;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return;  // drop other controls
    out += bytes;
  });
  return out;
}

std::string escape_terminal(std::string_view text) {
  return util::terminal_safe(util::valid_utf8(text), /*keep_line_breaks=*/false);
}

std::string escape_xml(std::string_view text) { return escape_xml_content(text, false); }
std::string escape_xml_attribute(std::string_view text) { return escape_xml_content(text, true); }

std::string escape_workflow_data(std::string_view text) { return escape_workflow(text, false); }
std::string escape_workflow_property(std::string_view text) { return escape_workflow(text, true); }

}  // namespace perfwarden::report
