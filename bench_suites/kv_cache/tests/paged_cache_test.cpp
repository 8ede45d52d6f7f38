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

TEST(PagedCache, DecodeEqualsContiguousBitForBit) {
  for (std::int64_t tokens : {1, 3, 16, 17, 35, 100, 1000}) {
    const GqaData d({32, 8, 128}, tokens, 21);
    const kvc::PagedKvCache paged = kvc::make_shuffled_paged_copy(d.shape, d.view(), 99);
    for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
      std::vector<float> a(d.q.size()), b(d.q.size());
      kvc::decode_attention_f16(d.shape, d.view(), d.q.data(), a.data(), isa);
      kvc::decode_attention_paged_f16(d.shape, paged.view(), d.q.data(), b.data(), isa);
      EXPECT_EQ(a, b) << "T=" << tokens << " " << kvc::isa_name(isa);
    }
  }
}
