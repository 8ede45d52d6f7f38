#include "cpu_features.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace perfwarden::kv_cache {
namespace {

// KV_CACHE_MAX_ISA, read once; kAvx512 (no cap) when unset or empty.
Isa max_isa() {
  static const Isa cap = [] {
    const char* text = std::getenv("KV_CACHE_MAX_ISA");
    if (text == nullptr || *text == '\0') return Isa::kAvx512;
    for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
      if (std::strcmp(text, isa_name(isa)) == 0) return isa;
    }
    std::fprintf(stderr,
                 "kv_cache: KV_CACHE_MAX_ISA='%s' is not an ISA level; use scalar, avx2 or "
                 "avx512 (or unset it)\n",
                 text);
    std::exit(2);
  }();
  return cap;
}

}  // namespace

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

bool cpu_has_avx512_vnni() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool has = [] {
    __builtin_cpu_init();
    return cpu_has_avx2_f16c_fma() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vnni");
  }();
  return has;
#else
  return false;
#endif
}

Isa resolve_isa(Isa requested) {
  const Isa cap = max_isa();
  if (requested == Isa::kScalar || cap == Isa::kScalar) return Isa::kScalar;
  if (requested != Isa::kAvx2 && cap == Isa::kAvx512 && cpu_has_avx512_vnni()) return Isa::kAvx512;
  return cpu_has_avx2_f16c_fma() ? Isa::kAvx2 : Isa::kScalar;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAuto:
      return "auto";
    case Isa::kScalar:
      return "scalar";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kAvx512:
      return "avx512";
  }
  return "?";
}

}  // namespace perfwarden::kv_cache
