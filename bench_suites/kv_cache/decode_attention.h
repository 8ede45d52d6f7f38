// Single-token (decode) GQA attention over an fp16 KV cache.
//
// Decode is memory-bandwidth bound: every new token reads the whole cache once. The kernel is
// single-threaded and reads each K/V row exactly once for all query heads sharing it.
#pragma once

#include <cstdint>

#include "cpu_features.h"
#include "fp16.h"

namespace perfwarden::kv_cache {

struct GqaShape {
  int q_heads = 32;
  int kv_heads = 8;
  int head_dim = 128;
  int group() const { return q_heads / kv_heads; }  // query heads per KV head
};

// K and V laid out [kv_head][token][dim], fp16 bits. head_stride = elements between heads
// (>= tokens * head_dim, so a cache can be allocated for a max length and filled partially).
struct F16KvView {
  const f16_bits* k = nullptr;
  const f16_bits* v = nullptr;
  std::int64_t tokens = 0;
  std::int64_t head_stride = 0;
};

// q, out: [q_heads][head_dim] fp32; query head h uses KV head h / group(). Scores are scaled by
// 1/sqrt(head_dim). The AVX2 path covers group() == 4 and head_dim == 128 (the 32/8/128 shape of
// the issue); other shapes, or Isa::kScalar, take the portable path.
void decode_attention_f16(const GqaShape& shape, const F16KvView& kv, const float* q, float* out,
                          Isa isa = Isa::kAuto);

// Bytes of K and V the decode reads: the figure bandwidth is reported against.
inline std::int64_t f16_kv_bytes(const GqaShape& s, std::int64_t tokens) {
  return 2 * static_cast<std::int64_t>(s.kv_heads) * tokens * s.head_dim * 2;
}

// True when the vectorised kernels support this shape (otherwise the scalar path runs).
bool avx2_supports_shape(const GqaShape& shape);

}  // namespace perfwarden::kv_cache
