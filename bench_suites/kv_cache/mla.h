// Multi-head Latent Attention (DeepSeek-V2) decode.
//
// The cache holds, per token, one compressed latent c (512) shared by all heads plus one
// decoupled RoPE key (64): 576 elements instead of 2 * heads * head_dim. Keys and values are
// k_h = W_UK[h] c and v_h = W_UV[h] c. The absorbed formulation never decompresses: it folds W_UK
// into the query (q_lat = W_UK[h]^T q_nope), attends directly over the latent rows, and applies
// W_UV once to the attended latent. The naive formulation decompresses K/V per head and is the
// reference the absorbed kernel must match.
#pragma once

#include <cstdint>
#include <vector>

#include "cpu_features.h"

namespace perfwarden::kv_cache {

struct MlaShape {
  int heads = 16;
  int latent = 512;
  int rope = 64;
  int head_dim = 128;  // per-head no-RoPE key dim and value dim
  constexpr int row() const { return latent + rope; }
};

struct MlaWeights {
  std::vector<float> w_uk;  // [heads][head_dim][latent]
  std::vector<float> w_uv;  // [heads][head_dim][latent]
};

MlaWeights make_random_mla_weights(const MlaShape& shape, std::uint64_t seed);

// cache: [tokens][latent + rope] fp32 (latent first); q_nope: [heads][head_dim];
// q_rope: [heads][rope]; out: [heads][head_dim]. Scores scaled by 1/sqrt(head_dim + rope).
void mla_decode_absorbed(const MlaShape& shape, const MlaWeights& w, const float* cache,
                         std::int64_t tokens, const float* q_nope, const float* q_rope, float* out,
                         Isa isa = Isa::kAuto);

// Floating-point operations of one absorbed decode, 2 per multiply-add: the query absorption
// (heads x head_dim x latent), the scores (heads x tokens x row), the latent accumulation (heads x
// tokens x latent) and W_UV (heads x head_dim x latent). Softmax is not counted.
std::int64_t mla_absorbed_flops(const MlaShape& shape, std::int64_t tokens);

void mla_decode_naive(const MlaShape& shape, const MlaWeights& w, const float* cache,
                      std::int64_t tokens, const float* q_nope, const float* q_rope, float* out);

}  // namespace perfwarden::kv_cache
