#include "fp16.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "fill.h"

namespace kvc = perfwarden::kv_cache;

TEST(Fp16, ScalarAndF16cAgreeOnAllHalfValues) {
  if (!kvc::cpu_has_avx2_f16c_fma()) GTEST_SKIP() << "no F16C on this CPU";
  std::vector<kvc::f16_bits> h(65536);
  for (int i = 0; i < 65536; ++i) h[i] = static_cast<kvc::f16_bits>(i);
  std::vector<float> a(65536), b(65536);
  kvc::f16_to_f32(h.data(), a.data(), h.size(), kvc::Isa::kScalar);
  kvc::f16_to_f32(h.data(), b.data(), h.size(), kvc::Isa::kAvx2);
  for (int i = 0; i < 65536; ++i) {
    if (std::isnan(a[i])) {
      EXPECT_TRUE(std::isnan(b[i])) << i;
      continue;
    }
    EXPECT_EQ(std::memcmp(&a[i], &b[i], 4), 0) << i;
  }
}

TEST(Fp16, ScalarAndF16cRoundIdentically) {
  if (!kvc::cpu_has_avx2_f16c_fma()) GTEST_SKIP() << "no F16C on this CPU";
  std::vector<float> f(1 << 16);
  std::uint64_t s = 1;
  for (auto& x : f) {  // random bit patterns cover normals, subnormals, ties, overflow
    std::uint32_t bits = static_cast<std::uint32_t>(kvc::splitmix64(s));
    std::memcpy(&x, &bits, 4);
    if (std::isnan(x)) x = 1.0f;
  }
  f[0] = 65520.0f;
  f[1] = 65519.0f;
  f[2] = 5.96046448e-8f;
  f[3] = 2.98023224e-8f;
  std::vector<kvc::f16_bits> a(f.size()), b(f.size());
  kvc::f32_to_f16(f.data(), a.data(), f.size(), kvc::Isa::kScalar);
  kvc::f32_to_f16(f.data(), b.data(), f.size(), kvc::Isa::kAvx2);
  for (std::size_t i = 0; i < f.size(); ++i) EXPECT_EQ(a[i], b[i]) << f[i];
}

TEST(Fp16, RoundTripsKnownValues) {
  EXPECT_EQ(kvc::f32_to_f16(1.0f), 0x3C00);
  EXPECT_EQ(kvc::f32_to_f16(-2.0f), 0xC000);
  EXPECT_EQ(kvc::f32_to_f16(65504.0f), 0x7BFF);
  EXPECT_EQ(kvc::f32_to_f16(1e6f), 0x7C00);
  EXPECT_FLOAT_EQ(kvc::f16_to_f32(0x3555), 0.333251953125f);
  EXPECT_FLOAT_EQ(kvc::f16_to_f32(0x0001), 5.9604645e-8f);
}

TEST(Fill, RandomHalvesAreFiniteAndBounded) {
  std::vector<kvc::f16_bits> h(10001);
  kvc::fill_f16_random(h.data(), h.size(), 7);
  int negative = 0;
  for (auto b : h) {
    const float x = kvc::f16_to_f32(b);
    ASSERT_GE(std::fabs(x), 0.125f);
    ASSERT_LT(std::fabs(x), 2.0f);
    negative += x < 0;
  }
  EXPECT_NEAR(negative, 5000, 300);
}
