#pragma once

#include <chrono>
#include <string>

namespace perfwarden::cli {

// --budget: "90", "90s", "5m", "1h" → seconds. Throws a usage error with examples otherwise.
std::chrono::seconds parse_budget(const std::string& text);

}  // namespace perfwarden::cli
