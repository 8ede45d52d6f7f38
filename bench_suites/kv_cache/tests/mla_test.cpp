#include "mla.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fill.h"
#include "sizing.h"

namespace kvc = perfwarden::kv_cache;

TEST(Mla, AbsorbedEqualsNaiveDecompression) {
  // T = 1024 rather than the benchmark's 4096 keeps the naive O(T*H*D*L) decompression ~1 s.
  const kvc::MlaShape sh{};
  ASSERT_EQ(sh.row(), kvc::kMlaCachedElementsPerLayerToken);
  const std::int64_t tokens = 1024;
  const kvc::MlaWeights w = kvc::make_random_mla_weights(sh, 1);
  std::vector<float> cache(tokens * sh.row()), qn(sh.heads * sh.head_dim), qr(sh.heads * sh.rope);
  kvc::fill_f32_uniform(cache.data(), cache.size(), 2);
  kvc::fill_f32_uniform(qn.data(), qn.size(), 3, 4.0f);  // sharp enough to make softmax matter
  kvc::fill_f32_uniform(qr.data(), qr.size(), 4, 4.0f);
  std::vector<float> naive(sh.heads * sh.head_dim), absorbed(naive.size());
  kvc::mla_decode_naive(sh, w, cache.data(), tokens, qn.data(), qr.data(), naive.data());
  float scale = 0;
  for (float x : naive) scale = std::max(scale, std::abs(x));
  ASSERT_GT(scale, 1e-3f);
  for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
    kvc::mla_decode_absorbed(sh, w, cache.data(), tokens, qn.data(), qr.data(), absorbed.data(),
                             isa);
    for (std::size_t i = 0; i < naive.size(); ++i)
      ASSERT_NEAR(absorbed[i], naive[i], 1e-4f * scale + 1e-5f) << i << " " << kvc::isa_name(isa);
  }
}

// Token counts that end inside a score tile and inside a softmax block (the vector kernels clamp
// the last tile), and a shape the vector kernels do not take (it falls back to the portable form).
TEST(Mla, AbsorbedEqualsNaiveForShortTailsAndOtherShapes) {
  const kvc::MlaShape other{.heads = 3, .latent = 40, .rope = 8, .head_dim = 12};
  for (const kvc::MlaShape& sh : {kvc::MlaShape{}, other}) {
    const kvc::MlaWeights w = kvc::make_random_mla_weights(sh, 5);
    for (std::int64_t tokens : {1, 5, 7, 17, 33, 95}) {
      std::vector<float> cache(tokens * sh.row()), qn(sh.heads * sh.head_dim),
          qr(sh.heads * sh.rope);
      kvc::fill_f32_uniform(cache.data(), cache.size(), 6 + tokens);
      kvc::fill_f32_uniform(qn.data(), qn.size(), 7, 4.0f);
      kvc::fill_f32_uniform(qr.data(), qr.size(), 8, 4.0f);
      std::vector<float> naive(sh.heads * sh.head_dim), absorbed(naive.size());
      kvc::mla_decode_naive(sh, w, cache.data(), tokens, qn.data(), qr.data(), naive.data());
      float scale = 0;
      for (float x : naive) scale = std::max(scale, std::abs(x));
      for (kvc::Isa isa : {kvc::Isa::kScalar, kvc::Isa::kAvx2, kvc::Isa::kAvx512}) {
        kvc::mla_decode_absorbed(sh, w, cache.data(), tokens, qn.data(), qr.data(), absorbed.data(),
                                 isa);
        for (std::size_t i = 0; i < naive.size(); ++i)
          ASSERT_NEAR(absorbed[i], naive[i], 1e-4f * scale + 1e-5f)
              << i << " " << kvc::isa_name(isa) << " T=" << tokens << " heads=" << sh.heads;
      }
    }
  }
}
