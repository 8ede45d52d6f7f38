#include "mla.h"

#include <algorithm>
#include <cmath>

#include "fill.h"
#include "reference.h"

namespace perfwarden::kv_cache {
namespace {

constexpr int kTokBlock = 32;

// Written as plain loops over contiguous dims so GCC vectorises them; instantiated once for the
// baseline ISA and once inside an AVX2/FMA function (same source, two code paths).
__attribute__((always_inline)) inline void absorbed_body(const MlaShape& sh, const MlaWeights& w,
                                                         const float* cache, std::int64_t tokens,
                                                         const float* q_nope, const float* q_rope,
                                                         float* out) {
  const int H = sh.heads, L = sh.latent, R = sh.row(), D = sh.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(D + sh.rope));
  std::vector<float> qa(static_cast<std::size_t>(H) * R, 0.0f);  // absorbed queries
  for (int h = 0; h < H; ++h) {
    float* qh = qa.data() + static_cast<std::size_t>(h) * R;
    const float* wk = w.w_uk.data() + static_cast<std::size_t>(h) * D * L;
    for (int i = 0; i < D; ++i) {
      const float qi = q_nope[h * D + i] * scale;
      for (int c = 0; c < L; ++c) qh[c] += qi * wk[static_cast<std::size_t>(i) * L + c];
    }
    for (int r = 0; r < sh.rope; ++r) qh[L + r] = q_rope[h * sh.rope + r] * scale;
  }
  // Transposed [c][h] so the score loop vectorises across heads (a dot-product reduction over c
  // would stay scalar without -ffast-math).
  std::vector<float> qt(static_cast<std::size_t>(R) * H);
  for (int h = 0; h < H; ++h)
    for (int c = 0; c < R; ++c)
      qt[static_cast<std::size_t>(c) * H + h] = qa[static_cast<std::size_t>(h) * R + c];
  std::vector<float> acc(static_cast<std::size_t>(H) * L, 0.0f), m(H, -INFINITY), l(H, 0.0f);
  std::vector<float> s(static_cast<std::size_t>(H) * kTokBlock), dots(H);
  for (std::int64_t t0 = 0; t0 < tokens; t0 += kTokBlock) {
    const int n = static_cast<int>(std::min<std::int64_t>(kTokBlock, tokens - t0));
    for (int j = 0; j < n; ++j) {
      const float* row = cache + (t0 + j) * R;
      std::fill(dots.begin(), dots.end(), 0.0f);
      for (int c = 0; c < R; ++c) {
        const float x = row[c];
        const float* qc = qt.data() + static_cast<std::size_t>(c) * H;
        for (int h = 0; h < H; ++h) dots[h] += qc[h] * x;
      }
      for (int h = 0; h < H; ++h) s[h * kTokBlock + j] = dots[h];
    }
    for (int h = 0; h < H; ++h) {
      float* sh_ = s.data() + h * kTokBlock;
      float mx = m[h];
      for (int j = 0; j < n; ++j) mx = std::max(mx, sh_[j]);
      const float alpha = std::exp(m[h] - mx);
      float sum = 0.0f;
      for (int j = 0; j < n; ++j) sum += (sh_[j] = std::exp(sh_[j] - mx));
      l[h] = l[h] * alpha + sum;
      m[h] = mx;
      float* ah = acc.data() + static_cast<std::size_t>(h) * L;
      for (int c = 0; c < L; ++c) ah[c] *= alpha;
      for (int j = 0; j < n; ++j) {
        const float p = sh_[j];
        const float* row = cache + (t0 + j) * R;
        for (int c = 0; c < L; ++c) ah[c] += p * row[c];  // values are the latent itself
      }
    }
  }
  for (int h = 0; h < H; ++h) {
    const float* ah = acc.data() + static_cast<std::size_t>(h) * L;
    const float* wv = w.w_uv.data() + static_cast<std::size_t>(h) * D * L;
    for (int i = 0; i < D; ++i) {
      float o = 0.0f;
      for (int c = 0; c < L; ++c) o += wv[static_cast<std::size_t>(i) * L + c] * ah[c];
      out[h * D + i] = o / l[h];
    }
  }
}

__attribute__((target("avx2,fma"))) void absorbed_avx2(const MlaShape& sh, const MlaWeights& w,
                                                       const float* cache, std::int64_t tokens,
                                                       const float* q_nope, const float* q_rope,
                                                       float* out) {
  absorbed_body(sh, w, cache, tokens, q_nope, q_rope, out);
}

void absorbed_scalar(const MlaShape& sh, const MlaWeights& w, const float* cache,
                     std::int64_t tokens, const float* q_nope, const float* q_rope, float* out) {
  absorbed_body(sh, w, cache, tokens, q_nope, q_rope, out);
}

}  // namespace

MlaWeights make_random_mla_weights(const MlaShape& sh, std::uint64_t seed) {
  MlaWeights w;
  const std::size_t n = static_cast<std::size_t>(sh.heads) * sh.head_dim * sh.latent;
  w.w_uk.resize(n);
  w.w_uv.resize(n);
  // Scaled so decompressed keys/values have O(1) magnitude for O(1) latents.
  const float s = 1.0f / std::sqrt(static_cast<float>(sh.latent));
  fill_f32_uniform(w.w_uk.data(), n, seed, s);
  fill_f32_uniform(w.w_uv.data(), n, seed + 1, s);
  return w;
}

void mla_decode_absorbed(const MlaShape& sh, const MlaWeights& w, const float* cache,
                         std::int64_t tokens, const float* q_nope, const float* q_rope, float* out,
                         Isa isa) {
  if (is_vector(resolve_isa(isa))) return absorbed_avx2(sh, w, cache, tokens, q_nope, q_rope, out);
  absorbed_scalar(sh, w, cache, tokens, q_nope, q_rope, out);
}

void mla_decode_naive(const MlaShape& sh, const MlaWeights& w, const float* cache,
                      std::int64_t tokens, const float* q_nope, const float* q_rope, float* out) {
  const int L = sh.latent, R = sh.row(), D = sh.head_dim, KD = D + sh.rope;
  const float scale = 1.0f / std::sqrt(static_cast<float>(KD));
  std::vector<float> k(static_cast<std::size_t>(tokens) * KD),
      v(static_cast<std::size_t>(tokens) * D), q(KD);
  for (int h = 0; h < sh.heads; ++h) {
    const float* wk = w.w_uk.data() + static_cast<std::size_t>(h) * D * L;
    const float* wv = w.w_uv.data() + static_cast<std::size_t>(h) * D * L;
    for (std::int64_t t = 0; t < tokens; ++t) {  // decompress this head's K and V
      const float* c = cache + t * R;
      for (int i = 0; i < D; ++i) {
        float kk = 0.0f, vv = 0.0f;
        for (int j = 0; j < L; ++j) {
          kk += wk[static_cast<std::size_t>(i) * L + j] * c[j];
          vv += wv[static_cast<std::size_t>(i) * L + j] * c[j];
        }
        k[t * KD + i] = kk;
        v[t * D + i] = vv;
      }
      for (int r = 0; r < sh.rope; ++r) k[t * KD + D + r] = c[L + r];
    }
    for (int i = 0; i < D; ++i) q[i] = q_nope[h * D + i];
    for (int r = 0; r < sh.rope; ++r) q[D + r] = q_rope[h * sh.rope + r];
    reference_attention_head(q.data(), k.data(), v.data(), tokens, KD, D, scale, out + h * D);
  }
}

}  // namespace perfwarden::kv_cache
