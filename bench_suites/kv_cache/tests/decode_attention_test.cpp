#include "decode_attention.h"

#include <gtest/gtest.h>

#include <cmath>

#include "reference.h"
#include "test_data.h"

namespace kvc = perfwarden::kv_cache;
using kvc::testing::GqaData;
using kvc::testing::max_abs_diff;

namespace {

struct Case {
  int q_heads, kv_heads, head_dim;
  std::int64_t tokens;
};

class DecodeF16 : public ::testing::TestWithParam<Case> {};

TEST_P(DecodeF16, MatchesFp32ReferenceOnBothIsas) {
  const Case c = GetParam();
  const GqaData d({c.q_heads, c.kv_heads, c.head_dim}, c.tokens, 11 + c.tokens);
  std::vector<float> ref(d.q.size()), out(d.q.size());
  kvc::reference_attention(d.shape, d.kf.data(), d.vf.data(), d.tokens, d.q.data(), ref.data());
  for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
    kvc::decode_attention_f16(d.shape, d.view(), d.q.data(), out.data(), isa);
    EXPECT_LT(max_abs_diff(out, ref), 2e-5f) << kvc::isa_name(isa) << " T=" << c.tokens;
  }
}

// Block tails (T not a multiple of 32 or 3), a single token, the shape, and a shape the
// AVX2 path does not cover (group 2, head_dim 64) which must fall back to scalar.
INSTANTIATE_TEST_SUITE_P(Shapes, DecodeF16,
                         ::testing::Values(Case{32, 8, 128, 1}, Case{32, 8, 128, 2},
                                           Case{32, 8, 128, 33}, Case{32, 8, 128, 100},
                                           Case{32, 8, 128, 4096}, Case{8, 2, 128, 77},
                                           Case{8, 4, 64, 50}));

TEST(DecodeF16, SharpSoftmaxStaysStable) {
  // Large query scale -> scores in the hundreds: exercises the running max rescaling.
  const GqaData d({32, 8, 128}, 300, 5, 200.0f);
  std::vector<float> ref(d.q.size()), out(d.q.size());
  kvc::reference_attention(d.shape, d.kf.data(), d.vf.data(), d.tokens, d.q.data(), ref.data());
  for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
    kvc::decode_attention_f16(d.shape, d.view(), d.q.data(), out.data(), isa);
    for (float x : out) ASSERT_TRUE(std::isfinite(x));
    EXPECT_LT(max_abs_diff(out, ref), 2e-3f) << kvc::isa_name(isa);
  }
}

TEST(CpuFeatures, ResolveNeverPromisesMoreThanTheCpu) {
  EXPECT_EQ(kvc::resolve_isa(kvc::Isa::kScalar), kvc::Isa::kScalar);
  const kvc::Isa avx2 = kvc::cpu_has_avx2_f16c_fma() ? kvc::Isa::kAvx2 : kvc::Isa::kScalar;
  const kvc::Isa best = kvc::cpu_has_avx512_vnni() ? kvc::Isa::kAvx512 : avx2;
  EXPECT_EQ(kvc::resolve_isa(kvc::Isa::kAuto), best);
  EXPECT_EQ(kvc::resolve_isa(kvc::Isa::kAvx512), best);
  EXPECT_EQ(kvc::resolve_isa(kvc::Isa::kAvx2), avx2);  // an explicit lower level is honoured
}

// The vector kernels must each really run in these tests: on a CPU without them, the Isa loops
// above silently test the fallback twice, so say so.
TEST(CpuFeatures, ReportsWhichKernelsTheseTestsCover) {
  if (!kvc::cpu_has_avx512_vnni()) GTEST_SKIP() << "no AVX-512 VNNI: AVX-512 kernels not covered";
  EXPECT_EQ(kvc::resolve_isa(kvc::Isa::kAvx512), kvc::Isa::kAvx512);
}

}  // namespace
