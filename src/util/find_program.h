#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace perfwarden::util {

// Where an executable is, as execvp would find it: a name with a '/' as given, else the first
// executable file of that name in $PATH. nullopt when there is none (the caller says which
// package to install).
std::optional<std::filesystem::path> find_program(const std::string& program);

}  // namespace perfwarden::util
