#include "build/loadable_image.h"

#include <cstdint>
#include <cstring>

#include "util/error.h"
#include "util/files.h"

namespace perfwarden::build {
namespace {

constexpr std::uint64_t kShfAlloc = 0x2;
constexpr std::uint32_t kShtNobits = 8;
constexpr std::size_t kHeaderSize = 64;     // Elf64_Ehdr
constexpr std::size_t kSectionHeader = 64;  // Elf64_Shdr

// Little-endian fields at an offset already checked to lie inside the text.
template <class T>
T read(std::string_view bytes, std::size_t offset) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    // Shift in T itself: a byte shifted as int overflows past 32 bits.
    const T byte = static_cast<unsigned char>(bytes[offset + i]);
    value = static_cast<T>(value | static_cast<T>(byte << (8 * i)));
  }
  return value;
}

bool inside(std::string_view bytes, std::uint64_t offset, std::uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

void append(std::string& image, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) image += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

bool loadable_image(std::string_view elf, std::string& image, std::string& problem) {
  image.clear();
  if (elf.size() < kHeaderSize || elf.substr(0, 4) !=
                                      "\x7f"
                                      "ELF") {
    problem = "not an ELF file";
    return false;
  }
  if (elf[4] != 2 || elf[5] != 1) {  // EI_CLASS 64-bit, EI_DATA little-endian
    problem = "not a 64-bit little-endian ELF file";
    return false;
  }
  const auto section_offset = read<std::uint64_t>(elf, 0x28);  // e_shoff
  const auto entry_size = read<std::uint16_t>(elf, 0x3A);      // e_shentsize
  const auto section_count = read<std::uint16_t>(elf, 0x3C);   // e_shnum
  const auto names_index = read<std::uint16_t>(elf, 0x3E);     // e_shstrndx
  // e_shnum is 16 bits, so at most 65,535 headers (4 MiB) are ever read.
  if (entry_size != kSectionHeader || section_count == 0 ||
      !inside(elf, section_offset, std::uint64_t{section_count} * kSectionHeader) ||
      names_index >= section_count) {
    problem = "unreadable section headers";
    return false;
  }
  auto header = [&](std::size_t index) { return section_offset + index * kSectionHeader; };
  const std::uint64_t names_offset = read<std::uint64_t>(elf, header(names_index) + 0x18);
  const std::uint64_t names_size = read<std::uint64_t>(elf, header(names_index) + 0x20);
  if (!inside(elf, names_offset, names_size)) {
    problem = "the section name table lies outside the file";
    return false;
  }
  const std::string_view names = elf.substr(names_offset, names_size);

  append(image, read<std::uint64_t>(elf, 0x18));  // e_entry: where execution starts
  for (std::size_t i = 0; i < section_count; ++i) {
    const std::size_t at = header(i);
    const auto name_at = read<std::uint32_t>(elf, at);
    const auto type = read<std::uint32_t>(elf, at + 0x04);
    const auto flags = read<std::uint64_t>(elf, at + 0x08);
    const auto address = read<std::uint64_t>(elf, at + 0x10);
    const auto offset = read<std::uint64_t>(elf, at + 0x18);
    const auto size = read<std::uint64_t>(elf, at + 0x20);
    if ((flags & kShfAlloc) == 0) continue;
    if (name_at >= names.size()) {
      problem = "section " + std::to_string(i) + " has its name outside the name table";
      return false;
    }
    const std::string_view rest = names.substr(name_at);
    const std::string_view name = rest.substr(0, rest.find('\0'));
    if (name == ".note.gnu.build-id") continue;
    image += name;
    image += '\0';
    append(image, type);
    append(image, flags);
    append(image, address);
    append(image, size);
    if (type == kShtNobits) continue;  // .bss: its size is all there is
    if (!inside(elf, offset, size)) {
      problem = "section " + std::string(name.substr(0, 64)) + " lies outside the file";
      return false;
    }
    image += elf.substr(offset, size);
  }
  return true;
}

std::optional<std::string> loadable_image_of(const std::filesystem::path& path,
                                             std::string& problem) {
  std::optional<std::string> bytes;
  try {
    bytes = util::read_text_file_up_to(path, std::uint64_t{4} << 30);
  } catch (const Error& e) {
    problem = e.what();
    return std::nullopt;
  }
  if (!bytes) {
    problem = path.string() + " is larger than 4 GiB";
    return std::nullopt;
  }
  std::string image;
  if (!loadable_image(*bytes, image, problem)) {
    problem = path.string() + ": " + problem;
    return std::nullopt;
  }
  return image;
}

}  // namespace perfwarden::build
