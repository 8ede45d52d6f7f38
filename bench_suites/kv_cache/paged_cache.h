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

// Pools laid out [kv_head][physical_block][kPageTokens][head_dim]: one physical block id is shared
// by all heads (as in vLLM) and each head's slice of a block is one contiguous 4 KiB run of K
// (and of V) at head_dim 128. Note this is byte-for-byte the contiguous [kv_head][token][dim]
// layout when block_table is the identity, which lets benchmarks reuse one fixture.
struct PagedKvView {
  const f16_bits* k_pool = nullptr;
  const f16_bits* v_pool = nullptr;
  std::int64_t pool_blocks = 0;          // physical blocks per head in the pool
  const std::int32_t* block_table = nullptr;
  std::int64_t tokens = 0;               // logical length; needs ceil(tokens / 16) table entries
};

// Owning paged copy of a contiguous cache with the physical block order shuffled (deterministic
// Fisher-Yates from `seed`): what a long-running server's block allocator ends up producing.
struct PagedKvCache {
  AlignedArray<f16_bits> k_pool, v_pool;
  std::vector<std::int32_t> block_table;
  std::int64_t pool_blocks = 0;
  std::int64_t tokens = 0;
  PagedKvView view() const;
};

PagedKvCache make_shuffled_paged_copy(const GqaShape& shape, const F16KvView& contiguous, std::uint64_t seed);

// A shuffled block table of `blocks` entries (a permutation of 0..blocks-1).
std::vector<std::int32_t> shuffled_block_table(std::int64_t blocks, std::uint64_t seed);

// Same contract and dispatch as decode_attention_f16; tokens processed in logical order, so the
// result equals the contiguous kernel's bit for bit.
void decode_attention_paged_f16(const GqaShape& shape, const PagedKvView& kv, const float* q,
                                float* out, Isa isa = Isa::kAuto);

}  // namespace perfwarden::kv_cache
