#pragma once

// What a built binary loads into memory, for the identical-code short-circuit: when the base
// and the head build of a suite load the same bytes, measuring them can only measure noise.
//
// The image is the ELF file's SHF_ALLOC sections (code, read-only and initialised data, the
// dynamic-linking tables), in section-header order, each with its name, type, flags, address
// and size, contents for those that have them. Left out: the build-id note (a hash of the whole
// file, debug info included) and every non-loaded section (debug info, symbol tables). Two
// images compare equal exactly when the two files load the same bytes at the same addresses.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace perfwarden::build {

// Parses `elf` (64-bit little-endian ELF: x86-64, AArch64, ...). False with `problem` for any
// other file, a truncated one, or offsets and sizes outside it. Never throws.
bool loadable_image(std::string_view elf, std::string& image, std::string& problem);

// The image of the file at `path` (at most 4 GiB), or nullopt with `problem`.
std::optional<std::string> loadable_image_of(const std::filesystem::path& path,
                                             std::string& problem);

}  // namespace perfwarden::build
