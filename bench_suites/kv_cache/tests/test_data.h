// Shared test data: a small fp16 GQA cache plus its exact fp32 copy for the reference.
#pragma once

#include <cstdint>
#include <vector>

#include "decode_attention.h"
#include "fill.h"

namespace perfwarden::kv_cache::testing {

struct GqaData {
  GqaShape shape;
  std::int64_t tokens;
  std::vector<f16_bits> k, v;  // [kv_head][token][dim]
  std::vector<float> kf, vf, q;

  GqaData(GqaShape s, std::int64_t t, std::uint64_t seed, float q_scale = 2.0f)
      : shape(s), tokens(t) {
    const std::size_t n = static_cast<std::size_t>(s.kv_heads) * t * s.head_dim;
    k.resize(n);
    v.resize(n);
    fill_f16_random(k.data(), n, seed);
    fill_f16_random(v.data(), n, seed + 1);
    kf.resize(n);
    vf.resize(n);
    f16_to_f32(k.data(), kf.data(), n, Isa::kScalar);
    f16_to_f32(v.data(), vf.data(), n, Isa::kScalar);
    q.resize(static_cast<std::size_t>(s.q_heads) * s.head_dim);
    fill_f32_uniform(q.data(), q.size(), seed + 2, q_scale);
  }
  F16KvView view() const { return {k.data(), v.data(), tokens, tokens * shape.head_dim}; }
};

inline float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  float m = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace perfwarden::kv_cache::testing
