#pragma once

#include <string_view>

namespace perfwarden::bench {

// Which revision a measurement belongs to.
enum class Side { kBase, kHead };

inline std::string_view to_string(Side side) { return side == Side::kBase ? "base" : "head"; }

}  // namespace perfwarden::bench
