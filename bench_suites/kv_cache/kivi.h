// KIVI 2-bit KV cache (Liu et al. 2024) with a fused dequantise-and-attend decode kernel.
//
// Keys have outlier *channels*, so K is quantised per channel over groups of 32 tokens; values
// have no channel structure, so V is quantised per token over groups of 32 channels. Both are
// asymmetric (fp16 scale + min per group, codes 0..3). The newest tokens stay in fp16: the
// residual always holds the newest kResidual = 128 tokens plus up to 31 more; when it reaches
// 160 tokens its oldest full group of 32 is quantised (flushed), leaving exactly 128.
//
// Storage per cached element: 2 bits of code + (2 fp16 per 32 elements) = 0.375 bytes, 5.33x less
// than fp16. Decode never materialises dequantised K/V; see kivi.cpp for the integer kernel.
#pragma once

#include <cstdint>
#include <vector>

#include "cpu_features.h"
#include "decode_attention.h"
#include "fp16.h"

namespace perfwarden::kv_cache {

inline constexpr int kKiviGroup = 32;
inline constexpr int kKiviResidual = 128;
inline constexpr double kKiviQuantisedBytesPerElement = 0.375;

class KiviCache {
 public:
  // head_dim must be 128 (the packing is specialised for it). Storage is reserved for max_tokens.
  KiviCache(int kv_heads, int head_dim, std::int64_t max_tokens);

  // Appends n tokens; k and v are [kv_head][token][dim] fp16 with `head_stride` elements between
  // heads. Bulk appends quantise full groups straight from the input (no per-token shuffling).
  void append(const f16_bits* k, const f16_bits* v, std::int64_t n, std::int64_t head_stride);

  std::int64_t tokens() const { return quantised_ + residual_; }
  std::int64_t quantised_tokens() const { return quantised_; }
  std::int64_t residual_tokens() const { return residual_; }
  int kv_heads() const { return kv_heads_; }
  int head_dim() const { return dim_; }

  // Bytes a decode step reads (codes + scales/mins + fp16 residual) per cached K or V element.
  double bytes_per_element() const;
  std::int64_t bytes_read_per_decode() const;

  // Dequantised value of K/V (head, token, dim) as the kernels see it; for tests and references.
  float k_at(int head, std::int64_t t, int d) const;
  float v_at(int head, std::int64_t t, int d) const;

 private:
  friend void decode_attention_kivi2(const GqaShape&, const KiviCache&, const float*, float*, Isa);
  template <class RowFn>
  void quantise_group(std::int64_t group, const RowFn& row);

  int kv_heads_, dim_;
  std::int64_t max_groups_;
  std::int64_t quantised_ = 0, residual_ = 0;
  // Per head, per group g (sizes per group):
  std::vector<std::uint8_t> k_codes_;  // [32 tokens][32 B]: byte j, bits 2c..2c+1 = channel j+32c
  std::vector<f16_bits> k_scale_, k_min_;  // [128 channels]
  std::vector<std::uint8_t> v_codes_;  // [16 token pairs][64 B], pair-interleaved (see kivi.cpp)
  std::vector<f16_bits> v_scale_, v_min_;  // [4 channel groups][32 tokens]
  std::vector<f16_bits> res_k_, res_v_;    // [head][kResidual + kKiviGroup][dim]
};

// GQA decode over a KIVI cache; same contract as decode_attention_f16. The AVX2 path also
// quantises the group-scaled query to int8 and the softmax-weighted V scales to u8 per block
// (error far below the 2-bit cache error, bounded in tests); the scalar path is exact fp32.
void decode_attention_kivi2(const GqaShape& shape, const KiviCache& cache, const float* q,
                            float* out, Isa isa = Isa::kAuto);

}  // namespace perfwarden::kv_cache
