#include "paged_cache.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "attention_core.h"

namespace perfwarden::kv_cache {
namespace {

// Scalar path: rows of one KV head through the block table.
struct PagedRows {
  const f16_bits* k_head;  // this head's 16-row slice of physical block 0
  const f16_bits* v_head;
  const std::int32_t* table;
  std::int64_t block_stride;  // elements per physical block (all heads)
  int dim;
  std::int64_t offset(std::int64_t t) const {
    return static_cast<std::int64_t>(table[t / kPageTokens]) * block_stride +
           (t % kPageTokens) * dim;
  }
  const f16_bits* k(std::int64_t t) const { return k_head + offset(t); }
  const f16_bits* v(std::int64_t t) const { return v_head + offset(t); }
};

// Vector paths: the KV heads are taken in groups of up to kWalkHeads, and for each group a
// 32-token block pair is consumed as four runs, each the group's slices of one physical block's
// K or V (16 KiB at 4 heads): K of page 0 for every head of the group, then K of page 1, V of
// page 0, V of page 1; then the next group, then the next pair. So the kernel streams from one
// sequential run at a time, as the contiguous kernel does, instead of from four runs at shuffled
// addresses interleaved head by head (the previous walk). Each head still sees its rows in
// logical order, and splitting a block at the page boundary runs the contiguous kernel's
// operations in the same order, so results stay equal bit for bit.
// Measured at T=32K, 8 KV heads, AVX-512, paged/contiguous in one process (medians of 21, two
// runs): previous walk +17..20% (with warm_translations; +30..39% without), all 8 heads per run
// (32 KiB runs) +6..13%, groups of 4 +1..3%, groups of 2 +14..16%. Groups of 4 keep the live query
// and softmax state (4 x 4 KiB) well inside the 48 KiB L1 next to the stream; 8 heads' 33 KiB did
// not.
inline constexpr int kWalkHeads = 4;

struct RunWalk {
  // Prefetch distance along the walk: 40 rows (10 KiB) beat 24, 32, 48 and 56 in the same runs.
  // Not a multiple of 16: a head's slice of a page is 16 rows = 4 KiB, so those distances
  // prefetch the line 4K-aliased with the one being read (AVX2 on a Xeon, paged/contiguous with
  // interleaved repetitions: 16, 32, 64 rows +15..25%; 24 and 40 rows +3..7%).
  static constexpr int kPrefetchRows = 40;
  const f16_bits* run[5];  // K page 0, K page 1, V page 0, V page 1; then the next run's start
  int rows;                // rows of each of the four runs: group heads * 16
  int next_rows;           // rows of the run after them (the next group may be smaller)
  // Row `pos` of run `seg`, kPrefetchRows further on along the walk.
  const f16_bits* ahead(int seg, int pos) const {
    const int w = pos + kPrefetchRows;
    if (w < rows) return run[seg] + w * detail::kDim;
    return run[seg + 1] + std::min(w - rows, (seg == 3 ? next_rows : rows) - 1) * detail::kDim;
  }
};

// Block-table walk shared by the vector paths.
struct PagedWalk {
  const PagedKvView& kv;
  int heads;
  std::int64_t slice = static_cast<std::int64_t>(kPageTokens) * detail::kDim;  // one head's 16 rows
  std::int64_t block_stride = heads * slice;
  // Address translation ahead of use: one line of every 4 KiB page of the K and V blocks two
  // block pairs (64 tokens) ahead is fetched into L2, so the page walks for those shuffled
  // blocks happen here, off the critical path, instead of stalling the L1 prefetches when they
  // arrive. Contiguous pages share page-table lines and are walked cheaply; shuffled blocks
  // each need their own. Measured at T=32K (same process, medians of 21): paged/contiguous
  // +30..39% without, +16..20% with; 1 or 4 pairs ahead measured the same as 2, and the contiguous
  // kernel gained nothing from the same treatment.
  static constexpr std::int64_t kWarmTokens = 2 * detail::kBlock;
  __attribute__((always_inline)) void warm_translations(std::int64_t t0) const {
    const std::int64_t last_page = (kv.tokens - 1) / kPageTokens;
    const std::int64_t first = std::min((t0 + kWarmTokens) / kPageTokens, last_page);
    for (std::int64_t pg = first; pg <= std::min(first + 1, last_page); ++pg) {
      const char* k = reinterpret_cast<const char*>(kv.k_pool + kv.block_table[pg] * block_stride);
      const char* v = reinterpret_cast<const char*>(kv.v_pool + kv.block_table[pg] * block_stride);
      for (std::int64_t b = 0; b < block_stride * 2; b += 4096) {
        _mm_prefetch(k + b, _MM_HINT_T2);
        _mm_prefetch(v + b, _MM_HINT_T2);
      }
    }
  }
  // The runs of heads [h0, h0 + count) in the block pair at t0.
  RunWalk runs(std::int64_t t0, int h0, int count) const {
    const std::int64_t page = t0 / kPageTokens;
    const std::int64_t p0 = kv.block_table[page];
    const std::int64_t p1 = kv.tokens - t0 > kPageTokens ? kv.block_table[page + 1] : p0;
    const std::int64_t o = h0 * slice;
    const bool last_group = h0 + count >= heads;
    const std::int64_t next = !last_group                       ? p0
                              : kv.tokens - t0 > detail::kBlock ? kv.block_table[page + 2]
                                                                : p0;
    const std::int64_t next_o = last_group ? 0 : o + count * slice;
    const int next_count =
        last_group ? std::min(heads, kWalkHeads) : std::min(heads - h0 - count, kWalkHeads);
    return {{kv.k_pool + p0 * block_stride + o, kv.k_pool + p1 * block_stride + o,
             kv.v_pool + p0 * block_stride + o, kv.v_pool + p1 * block_stride + o,
             kv.k_pool + next * block_stride + next_o},
            count * kPageTokens,
            next_count * kPageTokens};
  }
};

// Per-KV-head state for all heads at once (8 x ~2.1 KiB at the 32/8/128 shape, stays in L1),
// plus the pre-scaled queries [kv_head][kGroup][kDim], 64-byte aligned.
struct AllHeads {
  std::vector<detail::GroupState> st;
  AlignedArray<float> qs;
  AllHeads(int heads, const float* q)
      : st(static_cast<std::size_t>(heads)),
        qs(allocate_aligned<float>(static_cast<std::size_t>(heads) * detail::kGroup *
                                   detail::kDim)) {
    const float scale = 1.0f / std::sqrt(static_cast<float>(detail::kDim));
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(heads) * detail::kGroup * detail::kDim;
         ++i)
      qs[i] = q[i] * scale;
    for (auto& s : st) s.reset();
  }
  const float* q(int h) const {
    return qs.get() + static_cast<std::int64_t>(h) * detail::kGroup * detail::kDim;
  }
  void finish(float* out) const {
    for (std::size_t h = 0; h < st.size(); ++h)
      st[h].finish(out + static_cast<std::int64_t>(h) * detail::kGroup * detail::kDim);
  }
};

// Prefetch hooks of the AVX-512 phases for the slice of the group's head `head` in run `seg`:
// kPrefetchRows further along the walk. always_inline: see detail::prefetch_l1.
struct RunPrefetch {
  const RunWalk& walk;
  int seg;
  int head;
  const f16_bits* ahead(int row) const {
    return walk.ahead(seg, head * kPageTokens + (row & (kPageTokens - 1)));
  }
  __attribute__((always_inline)) void operator()(int row) const {
    detail::prefetch_l1(ahead(row), detail::kDim * 2);
  }
  __attribute__((always_inline)) void operator()(int row, int first_dim, int dims) const {
    detail::prefetch_l1(ahead(row) + first_dim, dims * 2);
  }
};

// Scores and rescale factors of one KV head's current block, kept between the phases.
struct alignas(64) BlockScores {
  float s[detail::kGroup][detail::kBlock];
  float alpha[detail::kGroup];
};

// The vector paths' walk: for every 32-token block pair and every group of up to kWalkHeads
// heads, group(runs, first_head, heads, n0, n), where the pair holds n rows, n0 of them in its
// first page. The ISA-specific lambda (carrying its target attribute) makes the phase calls;
// each call covers a group's whole block pair, so it is not inlined and needs not be.
template <class Group>
void walk_block_pairs(const GqaShape& shape, const PagedKvView& kv, const PagedWalk& w,
                      const Group& group) {
  for (std::int64_t t0 = 0; t0 < kv.tokens; t0 += detail::kBlock) {
    const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, kv.tokens - t0));
    const int n0 = std::min(n, kPageTokens);
    w.warm_translations(t0);
    for (int h0 = 0; h0 < shape.kv_heads; h0 += kWalkHeads) {
      const int count = std::min(kWalkHeads, shape.kv_heads - h0);
      group(w.runs(t0, h0, count), h0, count, n0, n);
    }
  }
}

void paged_avx512(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  AllHeads a(shape.kv_heads, q);
  const PagedWalk w{kv, shape.kv_heads};
  BlockScores sc[kWalkHeads];
  walk_block_pairs(
      shape, kv, w, [&](const RunWalk& r, int h0, int count, int n0, int n) KVC_AVX512 {
        for (int i = 0; i < count; ++i)
          detail::k_scores_avx512(a.q(h0 + i), r.run[0] + i * w.slice, 0, n0, sc[i].s,
                                  RunPrefetch{r, 0, i});
        for (int i = 0; i < count && n > n0; ++i)
          detail::k_scores_avx512(a.q(h0 + i), r.run[1] + i * w.slice, n0, n, sc[i].s,
                                  RunPrefetch{r, 1, i});
        for (int i = 0; i < count; ++i)
          detail::softmax_block_avx512(a.st[h0 + i], sc[i].s, n, sc[i].alpha);
        for (int i = 0; i < count; ++i)
          detail::v_accumulate_avx512<true>(a.st[h0 + i], sc[i].s, sc[i].alpha,
                                            r.run[2] + i * w.slice, 0, n0, RunPrefetch{r, 2, i});
        for (int i = 0; i < count && n > n0; ++i)
          detail::v_accumulate_avx512<false>(a.st[h0 + i], sc[i].s, sc[i].alpha,
                                             r.run[3] + i * w.slice, n0, n, RunPrefetch{r, 3, i});
      });
  a.finish(out);
}

void paged_avx2(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  AllHeads a(shape.kv_heads, q);
  const PagedWalk w{kv, shape.kv_heads};
  BlockScores sc[kWalkHeads];
  walk_block_pairs(shape, kv, w, [&](const RunWalk& r, int h0, int count, int n0, int n) KVC_AVX2 {
    for (int i = 0; i < count; ++i)
      detail::k_scores_avx2(a.q(h0 + i), r.run[0] + i * w.slice, 0, n0, sc[i].s,
                            RunPrefetch{r, 0, i});
    for (int i = 0; i < count && n > n0; ++i)
      detail::k_scores_avx2(a.q(h0 + i), r.run[1] + i * w.slice, n0, n, sc[i].s,
                            RunPrefetch{r, 1, i});
    for (int i = 0; i < count; ++i)
      detail::softmax_block_avx2(a.st[h0 + i], sc[i].s, n, sc[i].alpha);
    for (int i = 0; i < count; ++i)
      detail::v_accumulate_avx2<true>(a.st[h0 + i], sc[i].s, sc[i].alpha, r.run[2] + i * w.slice, 0,
                                      n0, RunPrefetch{r, 2, i});
    for (int i = 0; i < count && n > n0; ++i)
      detail::v_accumulate_avx2<false>(a.st[h0 + i], sc[i].s, sc[i].alpha, r.run[3] + i * w.slice,
                                       n0, n, RunPrefetch{r, 3, i});
  });
  a.finish(out);
}

void paged_scalar(const GqaShape& shape, const PagedKvView& kv, const float* q, float* out) {
  const int dim = shape.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  const std::int64_t slice = static_cast<std::int64_t>(kPageTokens) * dim;
  std::vector<float> qs(dim), acc(dim);
  for (int h = 0; h < shape.q_heads; ++h) {
    const int kvh = h / shape.group();
    for (int d = 0; d < dim; ++d) qs[d] = q[h * dim + d] * scale;
    const PagedRows rows{kv.k_pool + kvh * slice, kv.v_pool + kvh * slice, kv.block_table,
                         paged_block_elems(shape), dim};
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

PagedKvCache make_shuffled_paged_copy(const GqaShape& shape, const F16KvView& src,
                                      std::uint64_t seed) {
  PagedKvCache c;
  c.tokens = src.tokens;
  c.pool_blocks = (src.tokens + kPageTokens - 1) / kPageTokens;
  c.block_table = shuffled_block_table(c.pool_blocks, seed);
  const std::int64_t dim = shape.head_dim;
  const std::int64_t block_elems = paged_block_elems(shape);
  const std::int64_t total = c.pool_blocks * block_elems;
  c.k_pool = allocate_aligned<f16_bits>(total);
  c.v_pool = allocate_aligned<f16_bits>(total);
  for (std::int64_t b = 0; b < c.pool_blocks; ++b) {
    const std::int64_t first = b * kPageTokens;
    const std::int64_t n = std::min<std::int64_t>(kPageTokens, src.tokens - first);
    for (int h = 0; h < shape.kv_heads; ++h) {
      const std::int64_t dst = (c.block_table[b] * shape.kv_heads + h) * kPageTokens * dim;
      const std::int64_t from = h * src.head_stride + first * dim;
      std::memcpy(c.k_pool.get() + dst, src.k + from, n * dim * sizeof(f16_bits));
      std::memcpy(c.v_pool.get() + dst, src.v + from, n * dim * sizeof(f16_bits));
      const std::int64_t pad = (kPageTokens - n) * dim;  // unused rows of a partial last block
      std::memset(c.k_pool.get() + dst + n * dim, 0, pad * sizeof(f16_bits));
      std::memset(c.v_pool.get() + dst + n * dim, 0, pad * sizeof(f16_bits));
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
