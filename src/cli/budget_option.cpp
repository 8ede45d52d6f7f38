#include "cli/budget_option.h"

#include <stdexcept>

#include "util/error.h"

namespace perfwarden::cli {

std::chrono::seconds parse_budget(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  double factor = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : -1;
  if (used == 0 || factor < 0 || !(value > 0)) {
    throw usage_error("--budget '" + text + "' is not a duration", "write e.g. 300, 90s, 5m or 1h");
  }
  return std::chrono::seconds(static_cast<long long>(value * factor));
}

}  // namespace perfwarden::cli
