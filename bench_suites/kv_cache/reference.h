// Straightforward fp32 attention used as the ground truth in tests: two-pass softmax, double
// accumulation, no blocking, no quantisation. Deliberately obvious rather than fast.
#pragma once

#include <cstdint>

#include "decode_attention.h"

namespace perfwarden::kv_cache {

// k, v: [kv_heads][tokens][head_dim] fp32; q, out: [q_heads][head_dim].
void reference_attention(const GqaShape& shape, const float* k, const float* v, std::int64_t tokens,
                         const float* q, float* out);

// Single-head attention with separate key and value widths (used by the MLA tests):
// k: [tokens][k_dim], v: [tokens][v_dim], scores scaled by `scale`.
void reference_attention_head(const float* q, const float* k, const float* v, std::int64_t tokens,
                              int k_dim, int v_dim, float scale, float* out);

}  // namespace perfwarden::kv_cache
