#include "kivi.h"

#include <gtest/gtest.h>

#include <cmath>

#include "reference.h"
#include "test_data.h"

namespace kvc = perfwarden::kv_cache;
using kvc::testing::GqaData;
using kvc::testing::max_abs_diff;

namespace {

float rms(const std::vector<float>& a) {
  double s = 0;
  for (float x : a) s += double(x) * x;
  return static_cast<float>(std::sqrt(s / a.size()));
}

float rms_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i] - b[i]) * (a[i] - b[i]);
  return static_cast<float>(std::sqrt(s / a.size()));
}

TEST(Kivi, ResidualKeepsNewest128UntilAGroupFlushes) {
  const GqaData d({32, 8, 128}, 400, 1);
  kvc::KiviCache c(8, 128, 400);
  auto push = [&](std::int64_t from, std::int64_t n) {
    // Input rows for tokens [from, from+n) of each head.
    std::vector<kvc::f16_bits> k(8 * n * 128), v(8 * n * 128);
    for (int h = 0; h < 8; ++h)
      for (std::int64_t t = 0; t < n; ++t)
        for (int x = 0; x < 128; ++x) {
          k[(h * n + t) * 128 + x] = d.k[(h * 400 + from + t) * 128 + x];
          v[(h * n + t) * 128 + x] = d.v[(h * 400 + from + t) * 128 + x];
        }
    c.append(k.data(), v.data(), n, n * 128);
  };
  push(0, 159);
  EXPECT_EQ(c.quantised_tokens(), 0);
  EXPECT_EQ(c.residual_tokens(), 159);
  push(159, 1);  // 160th token: the oldest full group flushes
  EXPECT_EQ(c.quantised_tokens(), 32);
  EXPECT_EQ(c.residual_tokens(), 128);
  for (std::int64_t t = 160; t < 400; ++t) push(t, 1);  // token-by-token decode appends
  EXPECT_EQ(c.quantised_tokens(), 256);
  EXPECT_EQ(c.residual_tokens(), 144);
  // Residual tokens are exact fp16; identical to a bulk build.
  kvc::KiviCache bulk(8, 128, 400);
  bulk.append(d.k.data(), d.v.data(), 400, 400 * 128);
  for (int h = 0; h < 8; h += 7) {
    for (std::int64_t t = 0; t < 400; t += 13) {
      for (int x = 0; x < 128; x += 31) {
        ASSERT_EQ(c.k_at(h, t, x), bulk.k_at(h, t, x));
        ASSERT_EQ(c.v_at(h, t, x), bulk.v_at(h, t, x));
        if (t >= 256) {
          ASSERT_EQ(c.k_at(h, t, x), d.kf[(h * 400 + t) * 128 + x]);
        }
      }
    }
  }
}

TEST(Kivi, QuantisationErrorWithinHalfAStep) {
  const GqaData d({32, 8, 128}, 512, 2);
  kvc::KiviCache c(8, 128, 512);
  c.append(d.k.data(), d.v.data(), 512, 512 * 128);
  // Values span [-2, 2): per-group range <= 4, step = range/3, error <= step/2 (+ fp16 rounding).
  float worst_k = 0, worst_v = 0;
  for (int h = 0; h < 8; ++h)
    for (std::int64_t t = 0; t < c.quantised_tokens(); ++t)
      for (int x = 0; x < 128; ++x) {
        worst_k = std::max(worst_k, std::abs(c.k_at(h, t, x) - d.kf[(h * 512 + t) * 128 + x]));
        worst_v = std::max(worst_v, std::abs(c.v_at(h, t, x) - d.vf[(h * 512 + t) * 128 + x]));
      }
  EXPECT_LE(worst_k, 4.0f / 6.0f * 1.01f);
  EXPECT_LE(worst_v, 4.0f / 6.0f * 1.01f);
  EXPECT_GT(worst_k, 0.1f);  // it really is 2-bit
}

TEST(Kivi, BytesPerElement) {
  const GqaData d({32, 8, 128}, 4096, 3);
  kvc::KiviCache c(8, 128, 4096);
  c.append(d.k.data(), d.v.data(), 4096, 4096 * 128);
  // 3968 quantised tokens at 0.375 B + 128 fp16 residual tokens at 2 B.
  EXPECT_EQ(c.quantised_tokens(), 3968);
  EXPECT_DOUBLE_EQ(c.bytes_per_element(), (3968 * 0.375 + 128 * 2.0) / 4096);
  EXPECT_DOUBLE_EQ(kvc::kKiviQuantisedBytesPerElement, 2.0 / 8 + 2.0 * 2 / 32);
}

class KiviDecode : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(KiviDecode, ErrorBoundsAgainstFp32Reference) {
  const std::int64_t tokens = GetParam();
  const GqaData d({32, 8, 128}, tokens, 40 + tokens);
  kvc::KiviCache c(8, 128, tokens);
  c.append(d.k.data(), d.v.data(), tokens, tokens * 128);
  std::vector<float> ref(d.q.size()), deq_ref(d.q.size()), scalar(d.q.size()), avx(d.q.size()),
      avx512(d.q.size());
  kvc::reference_attention(d.shape, d.kf.data(), d.vf.data(), tokens, d.q.data(), ref.data());
  // Reference over the dequantised cache: isolates kernel error from quantisation error.
  std::vector<float> kd(d.kf.size()), vd(d.vf.size());
  for (int h = 0; h < 8; ++h)
    for (std::int64_t t = 0; t < tokens; ++t)
      for (int x = 0; x < 128; ++x) {
        kd[(h * tokens + t) * 128 + x] = c.k_at(h, t, x);
        vd[(h * tokens + t) * 128 + x] = c.v_at(h, t, x);
      }
  kvc::reference_attention(d.shape, kd.data(), vd.data(), tokens, d.q.data(), deq_ref.data());
  kvc::decode_attention_kivi2(d.shape, c, d.q.data(), scalar.data(), kvc::Isa::kScalar);
  kvc::decode_attention_kivi2(d.shape, c, d.q.data(), avx.data(), kvc::Isa::kAvx2);
  kvc::decode_attention_kivi2(d.shape, c, d.q.data(), avx512.data(), kvc::Isa::kAvx512);
  // The scalar path is exact fp32 over the dequantised values.
  EXPECT_LT(max_abs_diff(scalar, deq_ref), 1e-4f);
  // AVX2 adds int8 query / u8 softmax-weight quantisation: about 1% of the value range (|v| < 2),
  // an order of magnitude below the 2-bit error.
  EXPECT_LT(max_abs_diff(avx, deq_ref), 0.03f);
  EXPECT_LT(max_abs_diff(avx512, deq_ref), 0.03f);
  // End to end vs the unquantised fp32 reference. Each dequantised V element is within half a
  // step (range/6 <= 4/6) of the truth and the output is a convex combination of V rows, so with
  // exact K the error is < 2/3; K error only shifts the weights. Random data is the worst case
  // for 2-bit (no channel structure); measured errors are ~0.15-0.4.
  EXPECT_LT(max_abs_diff(scalar, ref), 2.0f / 3.0f);
  EXPECT_LT(max_abs_diff(avx, ref), 2.0f / 3.0f + 0.03f);
  EXPECT_LT(max_abs_diff(avx512, ref), 2.0f / 3.0f + 0.03f);
  // And the quantised cache is far better than no information at all.
  EXPECT_LT(rms_diff(scalar, ref), rms(ref)) << "rms(ref)=" << rms(ref);
}

INSTANTIATE_TEST_SUITE_P(Lengths, KiviDecode, ::testing::Values(1, 100, 160, 161, 1000, 4096));

}  // namespace
