#include "decode_attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "attention_core.h"

namespace perfwarden::kv_cache {
namespace {

struct ContiguousRows {
  static constexpr bool kPaged = false;
  const f16_bits* k_head;
  const f16_bits* v_head;
  int dim;
  const f16_bits* k(std::int64_t t) const { return k_head + t * dim; }
  const f16_bits* v(std::int64_t t) const { return v_head + t * dim; }
  std::int64_t tokens;
  // Fetch K one softmax block ahead so the K stream never waits on DRAM latency. Called once
  // per three tokens.
  void prefetch(std::int64_t t) const {
    const std::int64_t ahead = t + detail::kBlock;
    for (int j = 0; j < 3; ++j)
      if (ahead + j < tokens) detail::prefetch_row(k(ahead + j));
  }
  // AVX-512 kernel: both rows of token t, clamped to the last token. Branch-free on purpose: with
  // an `if (t < tokens)` guard GCC 12 silently dropped every prefetch from the inlined kernel,
  // which cost 40% at T=32K.
  void prefetch_kv(std::int64_t t) const {
    t = std::min(t, tokens - 1);
    detail::prefetch_row_hint<_MM_HINT_T0>(k(t));
    detail::prefetch_row_hint<_MM_HINT_T0>(v(t));
  }
};

KVC_AVX512 void decode_f16_avx512(const GqaShape& shape, const F16KvView& kv, const float* q, float* out) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(detail::kDim));
  alignas(64) float qs[detail::kGroup * detail::kDim];
  detail::GroupState st;
  for (int kvh = 0; kvh < shape.kv_heads; ++kvh) {
    const float* qh = q + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim;
    for (int i = 0; i < detail::kGroup * detail::kDim; ++i) qs[i] = qh[i] * scale;
    const ContiguousRows rows{kv.k + kvh * kv.head_stride, kv.v + kvh * kv.head_stride, detail::kDim,
                              kv.tokens};
    st.reset();
    for (std::int64_t t0 = 0; t0 < kv.tokens; t0 += detail::kBlock) {
      const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, kv.tokens - t0));
      detail::f16_block_avx512(st, qs, rows, t0, n);
    }
    st.finish(out + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim);
  }
}

KVC_AVX2 void decode_f16_avx2(const GqaShape& shape, const F16KvView& kv, const float* q, float* out) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(detail::kDim));
  alignas(32) float qs[detail::kGroup * detail::kDim];
  detail::GroupState st;
  for (int kvh = 0; kvh < shape.kv_heads; ++kvh) {
    const float* qh = q + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim;
    for (int i = 0; i < detail::kGroup * detail::kDim; ++i) qs[i] = qh[i] * scale;
    const ContiguousRows rows{kv.k + kvh * kv.head_stride, kv.v + kvh * kv.head_stride, detail::kDim,
                              kv.tokens};
    st.reset();
    for (std::int64_t t0 = 0; t0 < kv.tokens; t0 += detail::kBlock) {
      const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, kv.tokens - t0));
      detail::f16_block_avx2(st, qs, rows, t0, n);
    }
    st.finish(out + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim);
  }
}

void decode_f16_scalar(const GqaShape& shape, const F16KvView& kv, const float* q, float* out) {
  const int dim = shape.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  std::vector<float> qs(dim), acc(dim);
  for (int h = 0; h < shape.q_heads; ++h) {
    const int kvh = h / shape.group();
    for (int d = 0; d < dim; ++d) qs[d] = q[h * dim + d] * scale;
    const ContiguousRows rows{kv.k + kvh * kv.head_stride, kv.v + kvh * kv.head_stride, dim, kv.tokens};
    detail::f16_head_scalar(qs.data(), dim, rows, kv.tokens, out + h * dim, acc.data());
  }
}

}  // namespace

bool avx2_supports_shape(const GqaShape& s) {
  return s.kv_heads > 0 && s.q_heads == s.kv_heads * detail::kGroup && s.head_dim == detail::kDim;
}

void decode_attention_f16(const GqaShape& shape, const F16KvView& kv, const float* q, float* out,
                          Isa isa) {
  const Isa r = resolve_isa(isa);
  if (r == Isa::kAvx512 && avx2_supports_shape(shape)) return decode_f16_avx512(shape, kv, q, out);
  if (r == Isa::kAvx2 && avx2_supports_shape(shape)) return decode_f16_avx2(shape, kv, q, out);
  decode_f16_scalar(shape, kv, q, out);
}

}  // namespace perfwarden::kv_cache
