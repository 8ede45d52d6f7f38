#include "paged_cache.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_data.h"

namespace kvc = perfwarden::kv_cache;
using kvc::testing::GqaData;

TEST(PagedCache, ShuffledTableIsAPermutation) {
  auto t = kvc::shuffled_block_table(1000, 3);
  std::vector<std::int32_t> sorted = t;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);
  int fixed = 0;
  for (int i = 0; i < 1000; ++i) fixed += t[i] == i;
  EXPECT_LT(fixed, 10);  // actually shuffled
}

TEST(PagedCache, PoolIsBlockMajor) {
  // vLLM layout: [physical_block][kv_head][16][head_dim], one block holds every head's rows.
  const kvc::GqaShape shape{8, 2, 64};
  const GqaData d(shape, 40, 5);
  const kvc::PagedKvCache paged = kvc::make_shuffled_paged_copy(shape, d.view(), 7);
  ASSERT_EQ(paged.pool_blocks, 3);
  for (std::int64_t t = 0; t < d.tokens; ++t)
    for (int h = 0; h < shape.kv_heads; ++h)
      for (int x = 0; x < shape.head_dim; ++x) {
        const std::int64_t at =
            ((paged.block_table[t / 16] * shape.kv_heads + h) * 16 + t % 16) * shape.head_dim + x;
        const std::int64_t from = (h * d.tokens + t) * shape.head_dim + x;
        ASSERT_EQ(paged.k_pool[at], d.k[from]) << t << " " << h << " " << x;
        ASSERT_EQ(paged.v_pool[at], d.v[from]) << t << " " << h << " " << x;
      }
}

TEST(PagedCache, DecodeEqualsContiguousBitForBit) {
  // {32, 8, 128} is the benchmarked shape; {16, 4, 128} and {8, 2, 128} run the vector kernels
  // with one group of heads, {24, 6, 128} with a short last group (the AVX-512 walk takes heads
  // in groups of 4); {8, 2, 64} takes the scalar path under every Isa.
  for (const kvc::GqaShape shape :
       {kvc::GqaShape{32, 8, 128}, kvc::GqaShape{16, 4, 128}, kvc::GqaShape{8, 2, 128},
        kvc::GqaShape{24, 6, 128}, kvc::GqaShape{8, 2, 64}}) {
    for (std::int64_t tokens : {1, 3, 16, 17, 32, 35, 48, 64, 100, 1000}) {
      const GqaData d(shape, tokens, 21);
      const kvc::PagedKvCache paged = kvc::make_shuffled_paged_copy(d.shape, d.view(), 99);
      for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
        std::vector<float> a(d.q.size()), b(d.q.size());
        kvc::decode_attention_f16(d.shape, d.view(), d.q.data(), a.data(), isa);
        kvc::decode_attention_paged_f16(d.shape, paged.view(), d.q.data(), b.data(), isa);
        EXPECT_EQ(a, b) << "T=" << tokens << " kv_heads=" << shape.kv_heads
                        << " dim=" << shape.head_dim << " " << kvc::isa_name(isa);
      }
    }
  }
}
