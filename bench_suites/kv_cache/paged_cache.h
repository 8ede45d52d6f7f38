// vLLM-style paged KV cache: the sequence's tokens live in fixed-size physical blocks scattered
// through a pool, found through a block table (logical block -> physical block). Paging removes
// fragmentation/over-reservation; the cost measured here is the indirection and the loss of long
// sequential streams during decode.
#pragma once

#include <cstdint>
#include <vector>

#include "cpu_features.h"
#include "decode_attention.h"
#include "fill.h"

namespace perfwarden::kv_cache {

inline constexpr int kPageTokens = 16;  // vLLM's default block size

// Pools laid out [physical_block][kv_head][kPageTokens][head_dim] (vLLM's block-major layout):
// one physical block holds all KV heads of its 16 tokens, so at 8 KV heads x head_dim 128 a block
// is one contiguous 32 KiB run of K (and one of V). The kernels walk the block table in order and
// process every KV head of a block before moving on, so memory is read as 32 KiB runs however
// the blocks are shuffled (with a [kv_head][block] layout each run was a lone 4 KiB page).
// Element offset of (block b, head h, token-in-block i, d): ((b * kv_heads + h) * 16 + i) * dim +
// d.
struct PagedKvView {
  const f16_bits* k_pool = nullptr;
  const f16_bits* v_pool = nullptr;
  std::int64_t pool_blocks = 0;  // physical blocks in the pool
  const std::int32_t* block_table = nullptr;
  std::int64_t tokens = 0;  // logical length; needs ceil(tokens / 16) table entries
};

// Elements of one physical block of K (or V): kv_heads * kPageTokens * head_dim.
inline std::int64_t paged_block_elems(const GqaShape& s) {
  return static_cast<std::int64_t>(s.kv_heads) * kPageTokens * s.head_dim;
}

// Owning paged copy of a contiguous cache with the physical block order shuffled (deterministic
// Fisher-Yates from `seed`): what a long-running server's block allocator ends up producing.
struct PagedKvCache {
  AlignedArray<f16_bits> k_pool, v_pool;
  std::vector<std::int32_t> block_table;
  std::int64_t pool_blocks = 0;
  std::int64_t tokens = 0;
  PagedKvView view() const;
};

PagedKvCache make_shuffled_paged_copy(const GqaShape& shape, const F16KvView& contiguous,
                                      std::uint64_t seed);

// A shuffled block table of `blocks` entries (a permutation of 0..blocks-1).
std::vector<std::int32_t> shuffled_block_table(std::int64_t blocks, std::uint64_t seed);

// Same contract and dispatch as decode_attention_f16. Each KV head sees its tokens in logical
// order with the contiguous kernel's 32-token softmax blocks, so the result equals the contiguous
// kernel's bit for bit (only the order in which heads are interleaved differs).
void decode_attention_paged_f16(const GqaShape& shape, const PagedKvView& kv, const float* q,
                                float* out, Isa isa = Isa::kAuto);

}  // namespace perfwarden::kv_cache
