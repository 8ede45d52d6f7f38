#include "sizing.h"

#include <gtest/gtest.h>

namespace kvc = perfwarden::kv_cache;

TEST(Sizing, BytesPerTokenFor70BClassFp8) {
  EXPECT_EQ(kvc::kv_bytes_per_token({80, 8, 128, 1}), 163'840u);  // 2*80*8*128*1
}

TEST(Sizing, IssueFiguresHoldWithDecimalGigabytes) {
  const auto table = kvc::sizing_table();
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(kvc::users_for(table[0]), 59u);  // 4,096 tokens
  EXPECT_EQ(kvc::users_for(table[1]), 1u);   // 131,072 tokens
  EXPECT_EQ(kvc::users_for(table[2]), 27u);  // 131,072 tokens with MLA's 93.3% reduction
}

TEST(Sizing, BinaryGibibytesWouldNotReproduceTheIssue) {
  constexpr std::uint64_t kGiB40 = 40ull << 30;
  const std::uint64_t bpt = kvc::kv_bytes_per_token({80, 8, 128, 1});
  EXPECT_EQ(kvc::max_concurrent_users(kGiB40, bpt, 4096), 64u);
  EXPECT_EQ(kvc::max_concurrent_users(kGiB40, bpt, 131072), 2u);
  EXPECT_EQ(kvc::max_concurrent_users(kGiB40, bpt, 131072, 0.933), 29u);
}

TEST(Sizing, TwentySevenMlaUsersPinsTheContextTo128K) {
  // 27 users needs a context in [130,140, 134,959] tokens at 40e9 bytes (163,840 B/token x 0.067
  // = 10,977.28 B/token): 131,072 is the only power-of-two context there; 64K gives 55, 4K 889.
  const std::uint64_t bpt = kvc::kv_bytes_per_token({80, 8, 128, 1});
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 65536, 0.933), 55u);
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 4096, 0.933), 889u);
  // (Exact boundaries are left untested: 0.933 is not representable in binary.)
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 130000, 0.933), 28u);
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 131072, 0.933), 27u);
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 134900, 0.933), 27u);
  EXPECT_EQ(kvc::max_concurrent_users(kvc::kH100KvBudgetBytes, bpt, 135000, 0.933), 26u);
}

TEST(Sizing, DeepSeekV2MlaElementCounts) {
  EXPECT_EQ(kvc::kMlaCachedElementsPerLayerToken, 576);
  EXPECT_EQ(kvc::kDeepSeekV2MhaElementsPerLayerToken, 32768);
}

TEST(Sizing, EdgeCases) {
  EXPECT_EQ(kvc::max_concurrent_users(1000, 0, 10), 0u);
  EXPECT_EQ(kvc::max_concurrent_users(1000, 10, 0), 0u);
  EXPECT_EQ(kvc::max_concurrent_users(1000, 10, 10, 1.0), 0u);
  EXPECT_EQ(kvc::max_concurrent_users(99, 10, 10), 0u);
}
