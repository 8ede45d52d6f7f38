#include "cpu_features.h"

namespace perfwarden::kv_cache {

bool cpu_has_avx2_f16c_fma() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("f16c");
  }();
  return has;
#else
  return false;
#endif
}

Isa resolve_isa(Isa requested) {
  if (requested == Isa::kScalar) return Isa::kScalar;
  return cpu_has_avx2_f16c_fma() ? Isa::kAvx2 : Isa::kScalar;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAuto: return "auto";
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
  }
  return "?";
}

}  // namespace perfwarden::kv_cache
