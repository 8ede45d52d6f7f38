#include "fp16.h"

#include <immintrin.h>

namespace perfwarden::kv_cache {
namespace {

__attribute__((target("avx2,f16c,fma"))) void f16_to_f32_f16c(const f16_bits* in, float* out,
                                                              std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
  }
  for (; i < n; ++i) out[i] = f16_to_f32(in[i]);
}

__attribute__((target("avx2,f16c,fma"))) void f32_to_f16_f16c(const float* in, f16_bits* out,
                                                              std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
  }
  for (; i < n; ++i) out[i] = f32_to_f16(in[i]);
}

}  // namespace

void f16_to_f32(const f16_bits* in, float* out, std::size_t n, Isa isa) {
  if (is_vector(resolve_isa(isa))) return f16_to_f32_f16c(in, out, n);
  for (std::size_t i = 0; i < n; ++i) out[i] = f16_to_f32(in[i]);
}

void f32_to_f16(const float* in, f16_bits* out, std::size_t n, Isa isa) {
  if (is_vector(resolve_isa(isa))) return f32_to_f16_f16c(in, out, n);
  for (std::size_t i = 0; i < n; ++i) out[i] = f32_to_f16(in[i]);
}

}  // namespace perfwarden::kv_cache
