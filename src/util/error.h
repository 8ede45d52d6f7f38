#pragma once

#include <stdexcept>
#include <string>

#include "util/exit_code.h"

namespace perfwarden {

// The one exception type of the higher layers. main() catches it once and prints
// "perfwarden: error: <what>" followed by the fix, then exits with `exit_code`.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string what, std::string fix = {})
      : std::runtime_error(std::move(what)), code_(code), fix_(std::move(fix)) {}

  ExitCode exit_code() const { return code_; }
  const std::string& fix() const { return fix_; }

 private:
  ExitCode code_;
  std::string fix_;
};

// Shorthands that name the category at the throw site.
inline Error usage_error(std::string what, std::string fix = {}) {
  return Error(ExitCode::kUsage, std::move(what), std::move(fix));
}
inline Error infrastructure_error(std::string what, std::string fix = {}) {
  return Error(ExitCode::kInfrastructure, std::move(what), std::move(fix));
}

}  // namespace perfwarden
