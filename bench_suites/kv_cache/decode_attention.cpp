#include "decode_attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "attention_core.h"

namespace perfwarden::kv_cache {
namespace {

struct ContiguousRows {
  const f16_bits* k_head;
  const f16_bits* v_head;
  int dim;
  const f16_bits* k(std::int64_t t) const { return k_head + t * dim; }
  const f16_bits* v(std::int64_t t) const { return v_head + t * dim; }
  std::int64_t tokens;
  // Vector kernels: row r of the block at t0, kPrefetchRows further on, clamped to the last token.
  // Branch-free on purpose: with an `if (t < tokens)` guard GCC 12 silently dropped every
  // prefetch from the inlined kernel, which cost 40% at T=32K.
  std::int64_t ahead(std::int64_t t0, int r) const {
    return std::min(t0 + r + detail::kPrefetchRows, tokens - 1) * dim;
  }
  __attribute__((always_inline)) void prefetch_k(std::int64_t t0, int r) const {
    detail::prefetch_l1(k_head + ahead(t0, r), detail::kDim * 2);
  }
  __attribute__((always_inline)) void prefetch_v(std::int64_t t0, int r, int first_dim,
                                                 int dims) const {
    detail::prefetch_l1(v_head + ahead(t0, r) + first_dim, dims * 2);
  }
};

void decode_f16_scalar(const GqaShape& shape, const F16KvView& kv, const float* q, float* out) {
  const int dim = shape.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  std::vector<float> qs(dim), acc(dim);
  for (int h = 0; h < shape.q_heads; ++h) {
    const int kvh = h / shape.group();
    for (int d = 0; d < dim; ++d) qs[d] = q[h * dim + d] * scale;
    const ContiguousRows rows{kv.k + kvh * kv.head_stride, kv.v + kvh * kv.head_stride, dim,
                              kv.tokens};
    detail::f16_head_scalar(qs.data(), dim, rows, kv.tokens, out + h * dim, acc.data());
  }
}

}  // namespace

bool avx2_supports_shape(const GqaShape& s) {
  return s.kv_heads > 0 && s.q_heads == s.kv_heads * detail::kGroup && s.head_dim == detail::kDim;
}

void decode_attention_f16(const GqaShape& shape, const F16KvView& kv, const float* q, float* out,
                          Isa isa) {
  auto rows = [&](int kvh) {
    return ContiguousRows{kv.k + kvh * kv.head_stride, kv.v + kvh * kv.head_stride, detail::kDim,
                          kv.tokens};
  };
  const Isa r = resolve_isa(isa);
  if (r == Isa::kAvx512 && avx2_supports_shape(shape))
    return detail::for_each_kv_head(shape.kv_heads, q, out,
                                    [&](int kvh, detail::GroupState& st, const float* qs)
                                        KVC_AVX512 { detail::f16_rows_avx512(st, qs, rows(kvh)); });
  if (r == Isa::kAvx2 && avx2_supports_shape(shape))
    return detail::for_each_kv_head(shape.kv_heads, q, out,
                                    [&](int kvh, detail::GroupState& st, const float* qs)
                                        KVC_AVX2 { detail::f16_rows_avx2(st, qs, rows(kvh)); });
  decode_f16_scalar(shape, kv, q, out);
}

}  // namespace perfwarden::kv_cache
