#include "util/utf8.h"

namespace perfwarden::util {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void for_each_code_point(std::string_view text,
                         const std::function<void(char32_t, std::string_view)>& emit) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    char32_t code_point = length == 1   ? lead
                          : length == 2 ? (lead & 0x1F)
                          : length == 3 ? (lead & 0x0F)
                                        : (lead & 0x07);
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      auto continuation = static_cast<unsigned char>(text[i + k]);
      valid = (continuation & 0xC0) == 0x80;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = valid && code_point >= kMinimum[length] && code_point <= 0x10FFFF &&
            !(code_point >= 0xD800 && code_point <= 0xDFFF);
    if (valid) {
      emit(code_point, text.substr(i, length));
      i += length;
    } else {
      emit(0xFFFD, kReplacement);
      ++i;  // resynchronise on the next byte
    }
  }
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t, std::string_view bytes) { out += bytes; });
  return out;
}

// Every invalid byte becomes three, so the text is valid exactly when nothing was replaced.
bool is_valid_utf8(std::string_view text) { return valid_utf8(text) == text; }

}  // namespace perfwarden::util
