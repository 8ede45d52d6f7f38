#include "paged_cache.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "attention_core.h"

namespace perfwarden::kv_cache {
namespace {

struct PagedRows {
  static constexpr bool kPaged = true;
  const f16_bits* k_head;  // this head's slice of the pool
  const f16_bits* v_head;
  const std::int32_t* table;
  std::int64_t tokens;
  int dim;
  std::int64_t offset(std::int64_t t) const {
    return (static_cast<std::int64_t>(table[t / kPageTokens]) * kPageTokens + t % kPageTokens) * dim;
  }
  const f16_bits* k(std::int64_t t) const { return k_head + offset(t); }
  const f16_bits* v(std::int64_t t) const { return v_head + offset(t); }
  // Blocks are scattered, so the hardware prefetcher stops at every block boundary; fetch K one
  // block (16 tokens) ahead. Called once per three tokens.
  void prefetch(std::int64_t t) const {
    const std::int64_t ahead = t + kPageTokens;
    for (int j = 0; j < 3; ++j)
      if (ahead + j < tokens) detail::prefetch_row(k(ahead + j));
  }
  // AVX-512 kernel: both rows of token t through the block table (clamped to the last token).
  void prefetch_kv(std::int64_t t) const {
    const std::int64_t o = offset(std::min(t, tokens - 1));
    detail::prefetch_row_hint<_MM_HINT_T0>(k_head + o);
    detail::prefetch_row_hint<_MM_HINT_T0>(v_head + o);
  }
};

KVC_AVX512 void paged_avx512(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(detail::kDim));
  const std::int64_t head_elems = kv.pool_blocks * kPageTokens * detail::kDim;
  alignas(64) float qs[detail::kGroup * detail::kDim];
  detail::GroupState st;
  for (int kvh = 0; kvh < shape.kv_heads; ++kvh) {
    const float* qh = q + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim;
    for (int i = 0; i < detail::kGroup * detail::kDim; ++i) qs[i] = qh[i] * scale;
    const PagedRows rows{kv.k_pool + kvh * head_elems, kv.v_pool + kvh * head_elems, kv.block_table,
                         kv.tokens, detail::kDim};
    st.reset();
    for (std::int64_t t0 = 0; t0 < kv.tokens; t0 += detail::kBlock) {
      const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, kv.tokens - t0));
      detail::f16_block_avx512(st, qs, rows, t0, n);
    }
    st.finish(out + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim);
  }
}

KVC_AVX2 void paged_avx2(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(detail::kDim));
  const std::int64_t head_elems = kv.pool_blocks * kPageTokens * detail::kDim;
  alignas(32) float qs[detail::kGroup * detail::kDim];
  detail::GroupState st;
  for (int kvh = 0; kvh < shape.kv_heads; ++kvh) {
    const float* qh = q + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim;
    for (int i = 0; i < detail::kGroup * detail::kDim; ++i) qs[i] = qh[i] * scale;
    const PagedRows rows{kv.k_pool + kvh * head_elems, kv.v_pool + kvh * head_elems, kv.block_table,
                         kv.tokens, detail::kDim};
    st.reset();
    for (std::int64_t t0 = 0; t0 < kv.tokens; t0 += detail::kBlock) {
      const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, kv.tokens - t0));
      detail::f16_block_avx2(st, qs, rows, t0, n);
    }
    st.finish(out + static_cast<std::int64_t>(kvh) * detail::kGroup * detail::kDim);
  }
}

void paged_scalar(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  const int dim = shape.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  const std::int64_t head_elems = kv.pool_blocks * kPageTokens * dim;
  std::vector<float> qs(dim), acc(dim);
  for (int h = 0; h < shape.q_heads; ++h) {
    const int kvh = h / shape.group();
    for (int d = 0; d < dim; ++d) qs[d] = q[h * dim + d] * scale;
    const PagedRows rows{kv.k_pool + kvh * head_elems, kv.v_pool + kvh * head_elems, kv.block_table,
                         kv.tokens, dim};
    detail::f16_head_scalar(qs.data(), dim, rows, kv.tokens, out + h * dim, acc.data());
  }
}

}  // namespace

PagedKvView PagedKvCache::view() const {
  return {k_pool.get(), v_pool.get(), pool_blocks, block_table.data(), tokens};
}

std::vector<std::int32_t> shuffled_block_table(std::int64_t blocks, std::uint64_t seed) {
  std::vector<std::int32_t> table(static_cast<std::size_t>(blocks));
  std::iota(table.begin(), table.end(), 0);
  std::uint64_t state = seed;
  for (std::int64_t i = blocks - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(splitmix64(state) % static_cast<std::uint64_t>(i + 1));
    std::swap(table[i], table[j]);
  }
  return table;
}

PagedKvCache make_shuffled_paged_copy(const GqaShape& shape, const F16KvView& src, std::uint64_t seed) {
  PagedKvCache c;
  c.tokens = src.tokens;
  c.pool_blocks = (src.tokens + kPageTokens - 1) / kPageTokens;
  c.block_table = shuffled_block_table(c.pool_blocks, seed);
  const std::int64_t dim = shape.head_dim;
  const std::int64_t head_elems = c.pool_blocks * kPageTokens * dim;
  c.k_pool = allocate_aligned<f16_bits>(head_elems * shape.kv_heads);
  c.v_pool = allocate_aligned<f16_bits>(head_elems * shape.kv_heads);
  std::memset(c.k_pool.get(), 0, head_elems * shape.kv_heads * sizeof(f16_bits));
  std::memset(c.v_pool.get(), 0, head_elems * shape.kv_heads * sizeof(f16_bits));
  for (int h = 0; h < shape.kv_heads; ++h) {
    for (std::int64_t b = 0; b < c.pool_blocks; ++b) {
      const std::int64_t first = b * kPageTokens;
      const std::int64_t n = std::min<std::int64_t>(kPageTokens, src.tokens - first);
      const std::int64_t dst = h * head_elems + c.block_table[b] * kPageTokens * dim;
      const std::int64_t from = h * src.head_stride + first * dim;
      std::memcpy(c.k_pool.get() + dst, src.k + from, n * dim * sizeof(f16_bits));
      std::memcpy(c.v_pool.get() + dst, src.v + from, n * dim * sizeof(f16_bits));
    }
  }
  return c;
}

void decode_attention_paged_f16(const GqaShape& shape, const PagedKvView& kv, const float* q,
                                float* out, Isa isa) {
  const Isa r = resolve_isa(isa);
  if (r == Isa::kAvx512 && avx2_supports_shape(shape)) return paged_avx512(shape, kv, q, out);
  if (r == Isa::kAvx2 && avx2_supports_shape(shape)) return paged_avx2(shape, kv, q, out);
  paged_scalar(shape, kv, q, out);
}

}  // namespace perfwarden::kv_cache
