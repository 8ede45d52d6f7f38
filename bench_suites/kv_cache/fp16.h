// IEEE binary16 <-> binary32 conversion. The KV cache is stored as raw fp16 bits (uint16_t) so
// the suite needs no compiler half type; the scalar functions are the portable reference and the
// bulk functions use F16C (vcvtph2ps / vcvtps2ph) when dispatch allows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu_features.h"

namespace perfwarden::kv_cache {

using f16_bits = std::uint16_t;

inline float f16_to_f32(f16_bits h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1Fu;
  std::uint32_t mant = h & 0x3FFu;
  std::uint32_t bits;
  if (exp == 0x1F) {
    bits = sign | 0x7F800000u | (mant << 13);  // inf / NaN (payload kept)
  } else if (exp != 0) {
    bits = sign | ((exp + 112u) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else {  // subnormal half -> normal float
    exp = 113;
    while ((mant & 0x400u) == 0) {
      mant <<= 1;
      --exp;
    }
    bits = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// Round-to-nearest-even, overflow to inf, NaN stays NaN: bit-identical to F16C with imm8 = 0.
inline f16_bits f32_to_f16(float f) {
  std::uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  x &= 0x7FFFFFFFu;
  if (x >= 0x7F800000u)
    return static_cast<f16_bits>(sign | 0x7C00u | (x > 0x7F800000u ? 0x200u : 0u));
  if (x >= 0x477FF000u) return static_cast<f16_bits>(sign | 0x7C00u);  // rounds to >= 65520
  if (x < 0x38800000u) {                                      // result is subnormal or zero
    if (x < 0x33000000u) return static_cast<f16_bits>(sign);  // < 2^-25 rounds to 0
    const std::uint32_t exp = x >> 23;
    const std::uint32_t mant = (x & 0x7FFFFFu) | 0x800000u;
    const std::uint32_t shift = 126u - exp;  // 14 + (113 - exp)
    std::uint32_t h = mant >> shift;
    const std::uint32_t rem = mant & ((1u << shift) - 1u);
    const std::uint32_t half = 1u << (shift - 1u);
    if (rem > half || (rem == half && (h & 1u))) ++h;
    return static_cast<f16_bits>(sign | h);
  }
  std::uint32_t h = ((x >> 13) - (112u << 10));
  const std::uint32_t rem = x & 0x1FFFu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // carry may roll into exponent: fine
  return static_cast<f16_bits>(sign | h);
}

void f16_to_f32(const f16_bits* in, float* out, std::size_t n, Isa isa = Isa::kAuto);
void f32_to_f16(const float* in, f16_bits* out, std::size_t n, Isa isa = Isa::kAuto);

}  // namespace perfwarden::kv_cache
