#include "mla.h"

#include <algorithm>
#include <cmath>

#include "attention_core.h"
#include "fill.h"
#include "reference.h"

namespace perfwarden::kv_cache {
namespace {

constexpr int kTokBlock = 32;

// The portable form (Isa::kScalar, and shapes the vector kernels do not take): plain loops over
// contiguous dims, which GCC vectorises for baseline x86-64 (SSE2).
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

// ---------------------------------------------------------------------------------------------
// The vector kernels (16 heads, latent and rope in whole vectors). Absorbed MLA is two small
// matrix products per block of tokens, both compute-bound (16 heads share every latent row):
//   scores S[t][h] = sum_c cache[t][c] qa[h][c]   (c < latent + rope)
//   acc[h][c] += sum_t p[t][h] cache[t][c]         (c < latent)
// Each is an outer-product tile held in registers: the scores tile is kTok tokens x 16 heads
// (one zmm or two ymm per token), a broadcast cache element times a vector of the 16 heads'
// queries; the accumulation tile is kAccHeads heads x kAccVecs vectors of latent dims, a
// broadcast probability times a vector of one cache row. Scores laid out [t][h] make the softmax
// a vector operation over the 16 heads too. One source (mla_absorbed_kernel.inc) serves AVX2
// and AVX-512 through Ops; only the tile sizes differ, chosen so the accumulators plus operands fit
// the register file (16 ymm, 32 zmm) with at least 8 independent FMA chains (latency 4 x 2 pipes).

constexpr int kVecHeads = 16;
// The shape the vector kernels take (the benchmark's and DeepSeek-V2's), fixed at compile time.
constexpr MlaShape kVecShape{};
static_assert(kVecShape.heads == kVecHeads);

bool vector_shape(const MlaShape& sh) {
  return sh.heads == kVecShape.heads && sh.latent == kVecShape.latent &&
         sh.rope == kVecShape.rope && sh.head_dim == kVecShape.head_dim;
}

// Per-decode scratch, 64-byte aligned (zmm loads of qt, acc and S): the transposed absorbed
// queries, the latent accumulators, one block's scores and a padded copy of a short last tile.
struct AbsorbedScratch {
  AlignedArray<float> qt, acc, s, pad;
  AbsorbedScratch(int block_rows, int tile_rows)
      : qt(allocate_aligned<float>(static_cast<std::size_t>(kVecShape.row()) * kVecHeads)),
        acc(allocate_aligned<float>(static_cast<std::size_t>(kVecShape.latent) * kVecHeads)),
        s(allocate_aligned<float>(static_cast<std::size_t>(block_rows) * kVecHeads)),
        pad(allocate_aligned<float>(static_cast<std::size_t>(tile_rows) * kVecShape.row())) {}
};

// Every function from here to the matching pop is compiled for the ISA named (GCC and clang).
#if defined(__clang__)
#define KVC_BEGIN_TARGET(isa) \
  _Pragma(KVC_STRINGIFY(clang attribute push(__attribute__((target(isa))), apply_to = function)))
#define KVC_END_TARGET _Pragma("clang attribute pop")
#else
#define KVC_BEGIN_TARGET(isa) _Pragma("GCC push_options") _Pragma(KVC_STRINGIFY(GCC target(isa)))
#define KVC_END_TARGET _Pragma("GCC pop_options")
#endif
#define KVC_STRINGIFY(x) #x

KVC_BEGIN_TARGET("avx2,f16c,fma")
namespace mla_avx2 {
struct Ops {
  using V = __m256;
  static constexpr int kLanes = 8;
  static inline V zero() { return _mm256_setzero_ps(); }
  static inline V set1(float x) { return _mm256_set1_ps(x); }
  static inline V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static inline V load(const float* p) { return _mm256_load_ps(p); }
  static inline V loadu(const float* p) { return _mm256_loadu_ps(p); }
  static inline void store(float* p, V v) { _mm256_store_ps(p, v); }
  static inline V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static inline V add(V a, V b) { return _mm256_add_ps(a, b); }
  static inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static inline V max(V a, V b) { return _mm256_max_ps(a, b); }
  static inline V exp(V x) { return detail::exp256(x); }
  static inline float hsum(V v) { return detail::hsum256(v); }
};

struct Tiles {
  static constexpr int kTok = 6;                     // 6 tokens x 2 ymm = 12 accumulators
  static constexpr int kAccHeads = 4, kAccVecs = 2;  // 8 accumulators: 12 would spill
  static constexpr int kAbsorbVecs = 8;
};
#include "mla_absorbed_kernel.inc"
}  // namespace mla_avx2
KVC_END_TARGET

KVC_BEGIN_TARGET(KVC_AVX512_TARGET)
namespace mla_avx512 {
struct Ops {
  using V = __m512;
  static constexpr int kLanes = 16;
  static inline V zero() { return _mm512_setzero_ps(); }
  static inline V set1(float x) { return _mm512_set1_ps(x); }
  static inline V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static inline V load(const float* p) { return _mm512_load_ps(p); }
  static inline V loadu(const float* p) { return _mm512_loadu_ps(p); }
  static inline void store(float* p, V v) { _mm512_store_ps(p, v); }
  static inline V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static inline V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static inline V add(V a, V b) { return _mm512_add_ps(a, b); }
  static inline V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static inline V max(V a, V b) { return _mm512_max_ps(a, b); }
  static inline V exp(V x) { return detail::exp512(x); }
  static inline float hsum(V v) {
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, v);
    float sum = 0.0f;
    for (float x : lanes) sum += x;
    return sum;
  }
};

struct Tiles {
  static constexpr int kTok = 16;  // 16 tokens x 1 zmm
  static constexpr int kAccHeads = 4, kAccVecs = 4;
  static constexpr int kAbsorbVecs = 16;
};
#include "mla_absorbed_kernel.inc"
}  // namespace mla_avx512
KVC_END_TARGET

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
  const Isa resolved = resolve_isa(isa);
  if (tokens > 0 && vector_shape(sh)) {
    if (resolved == Isa::kAvx512)
      return mla_avx512::absorbed_vector(w, cache, tokens, q_nope, q_rope, out);
    if (resolved == Isa::kAvx2)
      return mla_avx2::absorbed_vector(w, cache, tokens, q_nope, q_rope, out);
  }
  absorbed_scalar(sh, w, cache, tokens, q_nope, q_rope, out);
}

std::int64_t mla_absorbed_flops(const MlaShape& sh, std::int64_t tokens) {
  const std::int64_t projections = 2LL * sh.heads * sh.head_dim * sh.latent;
  return 2 * (projections + tokens * sh.heads * (sh.row() + sh.latent));
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
