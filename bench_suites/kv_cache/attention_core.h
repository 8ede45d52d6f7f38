// Internal building blocks shared by the fp16, paged and KIVI decode kernels (not a public API).
//
// The AVX2 kernels process one KV head together with the kGroup = 4 query heads that share it
// (GQA), so every K/V row is loaded from memory once and used four times. Online softmax is applied
// per block of kBlock tokens: scores for the block, then one rescale of the running accumulator
// (flash-decoding style) instead of one per token; K and V are still read in a single pass.
// The AVX-512 block is two phase functions (K scores, V accumulation) over rows that are
// contiguous in memory; the contiguous and KIVI-residual kernels call them once per block
// through a `Rows` policy, the paged kernel page by page in its own walk order, so all three
// perform the same arithmetic in the same order.
#pragma once

#include <immintrin.h>

// GCC 12 reports '__Y may be used uninitialized' inside its own avx512fintrin.h (the
// _mm512_undefined_* idiom), once per inlined intrinsic; the warning is about the header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "fp16.h"

#define KVC_AVX2 __attribute__((target("avx2,f16c,fma")))
#define KVC_AVX2_INLINE __attribute__((target("avx2,f16c,fma"), always_inline)) inline

namespace perfwarden::kv_cache::detail {

inline constexpr int kGroup = 4;   // query heads per KV head handled by the AVX2 kernels
inline constexpr int kDim = 128;   // head_dim handled by the AVX2 kernels
inline constexpr int kBlock = 32;  // tokens per online-softmax block (== KIVI group size)

struct alignas(64) GroupState {
  float m[kGroup];
  float l[kGroup];
  alignas(64) float acc[kGroup][kDim];

  void reset() {
    for (int h = 0; h < kGroup; ++h) {
      m[h] = -std::numeric_limits<float>::infinity();
      l[h] = 0.0f;
      for (int d = 0; d < kDim; ++d) acc[h][d] = 0.0f;
    }
  }
  void finish(float* out /*[kGroup][kDim]*/) const {
    for (int h = 0; h < kGroup; ++h) {
      const float inv = l[h] > 0.0f ? 1.0f / l[h] : 0.0f;
      for (int d = 0; d < kDim; ++d) out[h * kDim + d] = acc[h][d] * inv;
    }
  }
};

// Cephes-style expf: ~2 ulp on [-87, 88]; inputs below -87.3 (including -inf padding) give 0.
KVC_AVX2_INLINE __m256 exp256(__m256 x) {
  const __m256 valid = _mm256_cmp_ps(x, _mm256_set1_ps(-87.3f), _CMP_GE_OQ);
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.3f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 y = _mm256_set1_ps(1.9875691500E-4f);
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507E-3f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073E-3f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894E-2f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459E-1f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201E-1f));
  y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i e =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_and_ps(_mm256_mul_ps(y, _mm256_castsi256_ps(e)), valid);
}

KVC_AVX2_INLINE float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

KVC_AVX2_INLINE float hmax256(__m256 v) {
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  s = _mm_max_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// Horizontal sums of eight vectors at once: result[j] = sum of v_j's lanes.
KVC_AVX2_INLINE __m256 reduce8(__m256 v0, __m256 v1, __m256 v2, __m256 v3, __m256 v4, __m256 v5,
                               __m256 v6, __m256 v7) {
  const __m256 a = _mm256_hadd_ps(_mm256_hadd_ps(v0, v1), _mm256_hadd_ps(v2, v3));
  const __m256 b = _mm256_hadd_ps(_mm256_hadd_ps(v4, v5), _mm256_hadd_ps(v6, v7));
  return _mm256_add_ps(_mm256_permute2f128_ps(a, b, 0x20), _mm256_permute2f128_ps(a, b, 0x31));
}

// _mm256_hadd_ps with max: [max(a0,a1), max(a2,a3), max(b0,b1), max(b2,b3), (upper halves)].
KVC_AVX2_INLINE __m256 hmax_pairs(__m256 a, __m256 b) {
  return _mm256_max_ps(_mm256_shuffle_ps(a, b, 0x88), _mm256_shuffle_ps(a, b, 0xDD));
}

// reduce8 with max: result[j] = max of v_j's lanes.
KVC_AVX2_INLINE __m256 reduce8_max(__m256 v0, __m256 v1, __m256 v2, __m256 v3, __m256 v4, __m256 v5,
                                   __m256 v6, __m256 v7) {
  const __m256 a = hmax_pairs(hmax_pairs(v0, v1), hmax_pairs(v2, v3));
  const __m256 b = hmax_pairs(hmax_pairs(v4, v5), hmax_pairs(v6, v7));
  return _mm256_max_ps(_mm256_permute2f128_ps(a, b, 0x20), _mm256_permute2f128_ps(a, b, 0x31));
}

KVC_AVX2_INLINE __m256 load_f16x8(const f16_bits* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// Scores s[h][0..n) (n <= kBlock) become probabilities relative to the updated running max;
// returns per-head factors that rescale the old accumulator. Entries n..kBlock are overwritten.
KVC_AVX2_INLINE void softmax_block_avx2(GroupState& st, float (&s)[kGroup][kBlock], int n,
                                        float (&alpha)[kGroup]) {
  for (int h = 0; h < kGroup; ++h) {
    for (int i = n; i < kBlock; ++i) s[h][i] = -std::numeric_limits<float>::infinity();
    __m256 mx = _mm256_load_ps(s[h]);
    for (int j = 8; j < kBlock; j += 8) mx = _mm256_max_ps(mx, _mm256_load_ps(s[h] + j));
    const float m_new = std::fmax(st.m[h], hmax256(mx));
    alpha[h] = std::exp(st.m[h] - m_new);  // exp(-inf) == 0 on the first block
    const __m256 mv = _mm256_set1_ps(m_new);
    __m256 sum = _mm256_setzero_ps();
    for (int j = 0; j < kBlock; j += 8) {
      const __m256 p = exp256(_mm256_sub_ps(_mm256_load_ps(s[h] + j), mv));
      _mm256_store_ps(s[h] + j, p);
      sum = _mm256_add_ps(sum, p);
    }
    st.m[h] = m_new;
    st.l[h] = std::fma(st.l[h], alpha[h], hsum256(sum));  // explicit: contraction varied by caller
  }
}

// The AVX2 block, as two phases over rows contiguous in memory from `rows` (row `first` first),
// with prefetch hooks like the AVX-512 phases': prefetch_k(r) for each K row, prefetch_v(r, 0,
// kDim) for each V row in the first strip.
//
// Profiling showed L1 load ports, not FMA units, as the limit: with FMAs taking q from memory
// each K row chunk cost ten loads for eight FMAs. The K phase therefore scores three tokens per
// step with q held in a register (12 accumulators + 3 rows + q = all 16 ymm registers), cutting
// loads per token by more than half; the V phase combines two tokens per accumulator update.
// A token's score goes through reduce8's summation tree whether it is scored in a three-token
// step or alone, so the scores do not depend on where a phase call starts (a paged kernel
// splits blocks at page boundaries) and the paged kernel stays bit-identical to the contiguous one.
template <class PrefetchK>
KVC_AVX2_INLINE void k_scores_avx2(const float* q, const f16_bits* rows, int first, int end,
                                   float (&s)[kGroup][kBlock], const PrefetchK& prefetch_k) {
  const __m256 z = _mm256_setzero_ps();
  int i = first;
  for (; i + 3 <= end; i += 3) {
    const f16_bits* k0 = rows + (i - first) * kDim;
    const f16_bits* k1 = k0 + kDim;
    const f16_bits* k2 = k1 + kDim;
    for (int j = 0; j < 3; ++j) prefetch_k(i + j);
    __m256 a[kGroup][3];
    for (int h = 0; h < kGroup; ++h) a[h][0] = a[h][1] = a[h][2] = _mm256_setzero_ps();
    for (int c = 0; c < kDim; c += 8) {
      const __m256 x0 = load_f16x8(k0 + c);
      const __m256 x1 = load_f16x8(k1 + c);
      const __m256 x2 = load_f16x8(k2 + c);
      for (int h = 0; h < kGroup; ++h) {
        __m256 qv = _mm256_load_ps(q + h * kDim + c);
        __asm__("" : "+x"(qv));  // keep q in a register: stops GCC folding it into 3 FMA loads
        a[h][0] = _mm256_fmadd_ps(qv, x0, a[h][0]);
        a[h][1] = _mm256_fmadd_ps(qv, x1, a[h][1]);
        a[h][2] = _mm256_fmadd_ps(qv, x2, a[h][2]);
      }
    }
    alignas(32) float r[16];
    _mm256_store_ps(
        r, reduce8(a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2], a[2][0], a[2][1]));
    _mm256_store_ps(r + 8, reduce8(a[2][2], a[3][0], a[3][1], a[3][2], z, z, z, z));
    for (int h = 0; h < kGroup; ++h)
      for (int j = 0; j < 3; ++j) s[h][i + j] = r[h * 3 + j];
  }
  for (; i < end; ++i) {  // the last (end - first) % 3 rows, one at a time
    const f16_bits* k0 = rows + (i - first) * kDim;
    prefetch_k(i);
    __m256 a[kGroup];
    for (int h = 0; h < kGroup; ++h) a[h] = _mm256_setzero_ps();
    for (int c = 0; c < kDim; c += 8) {
      const __m256 x0 = load_f16x8(k0 + c);
      for (int h = 0; h < kGroup; ++h)
        a[h] = _mm256_fmadd_ps(_mm256_load_ps(q + h * kDim + c), x0, a[h]);
    }
    alignas(32) float r[8];
    _mm256_store_ps(r, reduce8(a[0], a[1], a[2], a[3], z, z, z, z));
    for (int h = 0; h < kGroup; ++h) s[h][i] = r[h];
  }
}

// V phase: 16 output dims x 4 heads in registers, rows in pairs from `first` (pairs stay aligned
// when a block is split at an even row); the rows stay in L1 across the 8 strips. kRescale: this
// call starts the block, so the accumulator is first scaled by alpha.
template <bool kRescale, class PrefetchV>
KVC_AVX2_INLINE void v_accumulate_avx2(GroupState& st, const float (&s)[kGroup][kBlock],
                                       const float (&alpha)[kGroup], const f16_bits* rows,
                                       int first, int end, const PrefetchV& prefetch_v) {
  auto row = [&](int j) { return rows + (j - first) * kDim; };
  for (int g = 0; g < kDim; g += 16) {
    __m256 acc[kGroup][2];
    for (int h = 0; h < kGroup; ++h) {
      const __m256 al = _mm256_set1_ps(alpha[h]);
      const __m256 old0 = _mm256_load_ps(st.acc[h] + g), old1 = _mm256_load_ps(st.acc[h] + g + 8);
      acc[h][0] = kRescale ? _mm256_mul_ps(al, old0) : old0;
      acc[h][1] = kRescale ? _mm256_mul_ps(al, old1) : old1;
    }
    int j = first;
    for (; j + 2 <= end; j += 2) {
      if (g % 32 == 0) {  // one line of each row per two strips (a burst of whole rows stalls)
        prefetch_v(j, g, 32);
        prefetch_v(j + 1, g, 32);
      }
      const f16_bits* v0 = row(j);
      const f16_bits* v1 = row(j + 1);
      const __m256 x00 = load_f16x8(v0 + g), x01 = load_f16x8(v0 + g + 8);
      const __m256 x10 = load_f16x8(v1 + g), x11 = load_f16x8(v1 + g + 8);
      for (int h = 0; h < kGroup; ++h) {
        const __m256 p0 = _mm256_broadcast_ss(&s[h][j]);
        const __m256 p1 = _mm256_broadcast_ss(&s[h][j + 1]);
        acc[h][0] = _mm256_add_ps(acc[h][0], _mm256_fmadd_ps(p1, x10, _mm256_mul_ps(p0, x00)));
        acc[h][1] = _mm256_add_ps(acc[h][1], _mm256_fmadd_ps(p1, x11, _mm256_mul_ps(p0, x01)));
      }
    }
    if (j < end) {
      if (g % 32 == 0) prefetch_v(j, g, 32);
      const f16_bits* v0 = row(j);
      const __m256 x00 = load_f16x8(v0 + g), x01 = load_f16x8(v0 + g + 8);
      for (int h = 0; h < kGroup; ++h) {
        const __m256 p0 = _mm256_broadcast_ss(&s[h][j]);
        acc[h][0] = _mm256_fmadd_ps(p0, x00, acc[h][0]);
        acc[h][1] = _mm256_fmadd_ps(p0, x01, acc[h][1]);
      }
    }
    for (int h = 0; h < kGroup; ++h) {
      _mm256_store_ps(st.acc[h] + g, acc[h][0]);
      _mm256_store_ps(st.acc[h] + g + 8, acc[h][1]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// AVX-512 kernels (Isa::kAvx512). Measured on the target (AMD family 1Ah, Zen 5): two 512-bit
// FMAs per cycle and vcvtph2ps does not compete with them, so zmm halves the FMA-bound time of
// the AVX2 kernel (1,024 MACs per token and KV head = 64 zmm FMAs = 32 cycles).
#define KVC_AVX512_TARGET "avx2,f16c,fma,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni"
#define KVC_AVX512 __attribute__((target(KVC_AVX512_TARGET)))
#define KVC_AVX512_INLINE __attribute__((target(KVC_AVX512_TARGET), always_inline)) inline

// Same Cephes polynomial and clamping as exp256 (inputs below -87.3, including -inf, give 0).
KVC_AVX512_INLINE __m512 exp512(__m512 x) {
  const __mmask16 valid = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.3f), _CMP_GE_OQ);
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.3f));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 y = _mm512_set1_ps(1.9875691500E-4f);
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.3981999507E-3f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(8.3334519073E-3f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(4.1665795894E-2f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.6666665459E-1f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(5.0000001201E-1f));
  y = _mm512_fmadd_ps(y, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_maskz_mov_ps(valid, _mm512_scalef_ps(y, n));
}

KVC_AVX512_INLINE __m512 load_f16x16(const f16_bits* p) {
  return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

// Horizontal reductions of 16 vectors at once: result lane 4*(i%4) + i/4 = op over v[i]'s lanes
// (a 4x4 transpose of the natural order), 30 shuffles + 15 ops instead of 16 full reductions.
template <class Op>
KVC_AVX512_INLINE __m512 reduce16_op(const __m512 (&v)[16], Op op) {
  __m512 t[8], u[4], w[2];
  for (int i = 0; i < 8; ++i)
    t[i] = op(_mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
              _mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  for (int i = 0; i < 4; ++i)
    u[i] = op(_mm512_shuffle_f32x4(t[2 * i], t[2 * i + 1], _MM_SHUFFLE(2, 0, 2, 0)),
              _mm512_shuffle_f32x4(t[2 * i], t[2 * i + 1], _MM_SHUFFLE(3, 1, 3, 1)));
  // u[i] 128-bit lane L = partial results of v[4i + L].
  for (int i = 0; i < 2; ++i)
    w[i] = op(_mm512_shuffle_ps(u[2 * i], u[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
              _mm512_shuffle_ps(u[2 * i], u[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  return op(_mm512_shuffle_ps(w[0], w[1], _MM_SHUFFLE(2, 0, 2, 0)),
            _mm512_shuffle_ps(w[0], w[1], _MM_SHUFFLE(3, 1, 3, 1)));
}
struct AddOp {
  KVC_AVX512_INLINE __m512 operator()(__m512 a, __m512 b) const { return _mm512_add_ps(a, b); }
};
struct MaxOp {
  KVC_AVX512_INLINE __m512 operator()(__m512 a, __m512 b) const { return _mm512_max_ps(a, b); }
};
KVC_AVX512_INLINE __m512 reduce16(const __m512 (&v)[16]) { return reduce16_op(v, AddOp{}); }

// Reductions of 4 vectors at once: lanes 4j..4j+3 of the result all hold op over v_j's lanes.
template <class Op>
KVC_AVX512_INLINE __m512 reduce4_op(__m512 a, __m512 b, __m512 c, __m512 d, Op op) {
  const __m512 t0 = op(_mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(1, 0, 1, 0)),
                       _mm512_shuffle_f32x4(a, b, _MM_SHUFFLE(3, 2, 3, 2)));
  const __m512 t1 = op(_mm512_shuffle_f32x4(c, d, _MM_SHUFFLE(1, 0, 1, 0)),
                       _mm512_shuffle_f32x4(c, d, _MM_SHUFFLE(3, 2, 3, 2)));
  __m512 u = op(_mm512_shuffle_f32x4(t0, t1, _MM_SHUFFLE(2, 0, 2, 0)),
                _mm512_shuffle_f32x4(t0, t1, _MM_SHUFFLE(3, 1, 3, 1)));
  u = op(u, _mm512_permute_ps(u, _MM_SHUFFLE(2, 3, 0, 1)));
  return op(u, _mm512_permute_ps(u, _MM_SHUFFLE(1, 0, 3, 2)));
}

// Scores s[h][0..n) become probabilities relative to the updated running max; alpha[h] rescales
// the old accumulator. All four heads at once: one 4-way reduction for the maxima, one for the
// sums, and the rescale factors through exp512 (no scalar libm calls).
KVC_AVX512_INLINE void softmax_block_avx512(GroupState& st, float (&s)[kGroup][kBlock], int n,
                                            float (&alpha)[kGroup]) {
  static_assert(kBlock == 32 && kGroup == 4);
  const __mmask16 m0 = n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1u);
  const __mmask16 m1 = n >= 32   ? __mmask16(0xFFFF)
                       : n <= 16 ? __mmask16(0)
                                 : __mmask16((1u << (n - 16)) - 1u);
  const __m512 ninf = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
  __m512 s0[kGroup], s1[kGroup], mx[kGroup];
  for (int h = 0; h < kGroup; ++h) {
    s0[h] = _mm512_mask_loadu_ps(ninf, m0, s[h]);
    s1[h] = _mm512_mask_loadu_ps(ninf, m1, s[h] + 16);
    mx[h] = _mm512_max_ps(s0[h], s1[h]);
  }
  const __m512i quarter = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
  const __m512i gather = _mm512_setr_epi32(0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12);
  const __m512 m_old = _mm512_permutexvar_ps(quarter, _mm512_castps128_ps512(_mm_loadu_ps(st.m)));
  const __m512 l_old = _mm512_permutexvar_ps(quarter, _mm512_castps128_ps512(_mm_loadu_ps(st.l)));
  // max(m_old, block max): m_old starts at -inf; scores are finite.
  const __m512 m_new = _mm512_max_ps(m_old, reduce4_op(mx[0], mx[1], mx[2], mx[3], MaxOp{}));
  const __m512 al = exp512(_mm512_sub_ps(m_old, m_new));  // exp(-inf) == 0 on the first block
  __m512 sum[kGroup];
  for (int h = 0; h < kGroup; ++h) {
    const __m512 mv = _mm512_permutexvar_ps(_mm512_set1_epi32(4 * h), m_new);
    const __m512 p0 = exp512(_mm512_sub_ps(s0[h], mv)), p1 = exp512(_mm512_sub_ps(s1[h], mv));
    _mm512_storeu_ps(s[h], p0);
    _mm512_storeu_ps(s[h] + 16, p1);
    sum[h] = _mm512_add_ps(p0, p1);
  }
  const __m512 l_new =
      _mm512_fmadd_ps(l_old, al, reduce4_op(sum[0], sum[1], sum[2], sum[3], AddOp{}));
  _mm_storeu_ps(st.m, _mm512_castps512_ps128(_mm512_permutexvar_ps(gather, m_new)));
  _mm_storeu_ps(st.l, _mm512_castps512_ps128(_mm512_permutexvar_ps(gather, l_new)));
  _mm_storeu_ps(alpha, _mm512_castps512_ps128(_mm512_permutexvar_ps(gather, al)));
}

// Cache lines [first, first + bytes) into L1. always_inline on purpose: GCC 12 deduces a function
// whose only effect is a prefetch to be pure and deletes a call left out of line (see README).
__attribute__((always_inline)) inline void prefetch_l1(const f16_bits* first, int bytes) {
  const char* p = reinterpret_cast<const char*>(first);
  for (int b = 0; b < bytes; b += 64) _mm_prefetch(p + b, _MM_HINT_T0);
}

// Software prefetch of the AVX-512 kernels. The hardware prefetchers do little for this access
// pattern (four K rows read in interleaved 32-byte chunks, V in 128-byte half rows): without
// software prefetch F16/32K runs at a third of read bandwidth. Prefetches are spread over both
// phases, each asking for the row kPrefetchRows further along the kernel's walk: the K phase
// fetches whole rows, the V phase the half row it is about to use on the current one. Measured
// at T=32K against issuing both rows from the K phase 16 rows ahead (the previous scheme):
// 77-80% of read bandwidth vs 64-68%; 24 rows beat 16, 20, 28, 32 and 40 in the same run.
inline constexpr int kPrefetchRows = 24;

// The two phases of one softmax block of n <= kBlock rows, for 4 query heads q[4][128] that are
// already multiplied by 1/sqrt(head_dim). Each phase covers block rows [first, end) that lie
// contiguously from `rows` (row `first` first), so a paged kernel can feed a block page by page
// and still perform exactly the contiguous kernel's operations in the same order.
// Prefetch hooks: prefetch_k(r) for block row r in the K phase, prefetch_v(r, first_dim, dims)
// in the V phase.

// K phase: four rows at a time, 16 accumulators (row x head), q chunks from L1, one reduce16 per
// four rows. `first` is a multiple of 4; a tail repeats row end - 1 and writes up to 3 scores
// past end (s has room; softmax masks them).
template <class PrefetchK>
KVC_AVX512_INLINE void k_scores_avx512(const float* q, const f16_bits* rows, int first, int end,
                                       float (&s)[kGroup][kBlock], const PrefetchK& prefetch_k) {
  for (int i = first; i < end; i += 4) {
    const f16_bits* kr[4];
    for (int j = 0; j < 4; ++j) kr[j] = rows + (std::min(i + j, end - 1) - first) * kDim;
    for (int j = 0; j < 4; ++j) prefetch_k(i + j);
    __m512 a[16];  // a[4 * row + head]
    for (auto& x : a) x = _mm512_setzero_ps();
#pragma GCC unroll 8
    for (int c = 0; c < kDim; c += 16) {
      __m512 x[4];
      for (int j = 0; j < 4; ++j) x[j] = load_f16x16(kr[j] + c);
      for (int h = 0; h < kGroup; ++h) {
        const __m512 qv = _mm512_load_ps(q + h * kDim + c);
        for (int j = 0; j < 4; ++j) a[4 * j + h] = _mm512_fmadd_ps(qv, x[j], a[4 * j + h]);
      }
    }
    const __m512 r = reduce16(a);  // lane 4 * head + row
    // Straight from the register (a zmm store re-read as scalars defeats store forwarding).
    _mm_store_ps(&s[0][i], _mm512_castps512_ps128(r));
    _mm_store_ps(&s[1][i], _mm512_extractf32x4_ps(r, 1));
    _mm_store_ps(&s[2][i], _mm512_extractf32x4_ps(r, 2));
    _mm_store_ps(&s[3][i], _mm512_extractf32x4_ps(r, 3));
  }
}

// V phase: two 64-dim halves, 4 heads x 4 zmm accumulators each, probabilities broadcast; the
// rows stay in L1 between halves. kRescale: this call starts the block, so the accumulator is
// first scaled by alpha (a later call for the rest of the block continues where it stopped).
template <bool kRescale, class PrefetchV>
KVC_AVX512_INLINE void v_accumulate_avx512(GroupState& st, const float (&s)[kGroup][kBlock],
                                           const float (&alpha)[kGroup], const f16_bits* rows,
                                           int first, int end, const PrefetchV& prefetch_v) {
  constexpr int kW = 64, kV = kW / 16;
  for (int g = 0; g < kDim; g += kW) {
    __m512 acc[kGroup][kV];
    for (int h = 0; h < kGroup; ++h) {
      const __m512 al = _mm512_set1_ps(alpha[h]);
      for (int k = 0; k < kV; ++k) {
        const __m512 old = _mm512_load_ps(st.acc[h] + g + 16 * k);
        acc[h][k] = kRescale ? _mm512_mul_ps(al, old) : old;
      }
    }
    for (int j = first; j < end; ++j) {
      prefetch_v(j, g, kW);
      const f16_bits* vr = rows + (j - first) * kDim + g;
      __m512 x[kV];
      for (int k = 0; k < kV; ++k) x[k] = load_f16x16(vr + 16 * k);
      for (int h = 0; h < kGroup; ++h) {
        const __m512 p = _mm512_set1_ps(s[h][j]);
        for (int k = 0; k < kV; ++k) acc[h][k] = _mm512_fmadd_ps(p, x[k], acc[h][k]);
      }
    }
    for (int h = 0; h < kGroup; ++h)
      for (int k = 0; k < kV; ++k) _mm512_store_ps(st.acc[h] + g + 16 * k, acc[h][k]);
  }
}

// One whole block of rows contiguous in memory (the contiguous cache, KIVI's fp16 residual),
// with the AVX2 or the AVX-512 phases.
// Rows policies give k(t)/v(t) and the prefetch hooks prefetch_k(t0, r) and
// prefetch_v(t0, r, first_dim, dims) for block row r.
// (always_inline throughout: see prefetch_l1 for what GCC 12 does to prefetch-only calls.)
// Tried and not kept: issuing block b + 1's K phase between block b's softmax and V phase (to
// overlap the softmax's dependency chain): 2-5% faster at T=4096, 4-6% slower at T=32768.
template <class Rows>
struct BlockPrefetch {
  const Rows& rows;
  std::int64_t t0;
  __attribute__((always_inline)) void operator()(int r) const { rows.prefetch_k(t0, r); }
  __attribute__((always_inline)) void operator()(int r, int first_dim, int dims) const {
    rows.prefetch_v(t0, r, first_dim, dims);
  }
};

// The contiguous AVX2 kernel prefetches differently (measured: the AVX-512 scheme made it 3-5%
// slower at T=32K and 15% at 4K): in the K phase, the K row one block ahead and the row's own V
// row, which the V phase then finds in L1.
template <class Rows>
struct BlockPrefetchAvx2 {
  const Rows& rows;
  std::int64_t t0;
  __attribute__((always_inline)) void operator()(int r) const {
    prefetch_l1(rows.k(std::min(t0 + r + kBlock, rows.tokens - 1)), kDim * 2);
    prefetch_l1(rows.v(t0 + r), kDim * 2);
  }
  __attribute__((always_inline)) void operator()(int, int, int) const {}
};

template <class Rows>
KVC_AVX2_INLINE void f16_block_avx2(GroupState& st, const float* q, const Rows& rows,
                                    std::int64_t t0, int n) {
  alignas(32) float s[kGroup][kBlock];
  const BlockPrefetchAvx2<Rows> prefetch{rows, t0};
  k_scores_avx2(q, rows.k(t0), 0, n, s, prefetch);
  float alpha[kGroup];
  softmax_block_avx2(st, s, n, alpha);
  v_accumulate_avx2<true>(st, s, alpha, rows.v(t0), 0, n, prefetch);
}

template <class Rows>
KVC_AVX512_INLINE void f16_block_avx512(GroupState& st, const float* q, const Rows& rows,
                                        std::int64_t t0, int n) {
  alignas(64) float s[kGroup][kBlock];
  const BlockPrefetch<Rows> prefetch{rows, t0};
  k_scores_avx512(q, rows.k(t0), 0, n, s, prefetch);
  float alpha[kGroup];
  softmax_block_avx512(st, s, n, alpha);
  v_accumulate_avx512<true>(st, s, alpha, rows.v(t0), 0, n, prefetch);
}

// Every block of rows [0, rows.tokens) with the AVX-512 or AVX2 block kernel.
template <class Rows>
KVC_AVX512_INLINE void f16_rows_avx512(GroupState& st, const float* q, const Rows& rows) {
  for (std::int64_t t0 = 0; t0 < rows.tokens; t0 += kBlock)
    f16_block_avx512(st, q, rows, t0,
                     static_cast<int>(std::min<std::int64_t>(kBlock, rows.tokens - t0)));
}
template <class Rows>
KVC_AVX2_INLINE void f16_rows_avx2(GroupState& st, const float* q, const Rows& rows) {
  for (std::int64_t t0 = 0; t0 < rows.tokens; t0 += kBlock)
    f16_block_avx2(st, q, rows, t0,
                   static_cast<int>(std::min<std::int64_t>(kBlock, rows.tokens - t0)));
}

// The vector kernels' driver: for every KV head, its kGroup query heads pre-scaled by
// 1/sqrt(kDim) into qs and a fresh state, then head(kv_head, state, qs), then the normalised
// outputs out[kv_head][kGroup][kDim]. `head` is the ISA-specific part (a lambda carrying its
// target attribute; called once per head, so it is not inlined and needs not be).
template <class Head>
void for_each_kv_head(int kv_heads, const float* q, float* out, const Head& head) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(kDim));
  alignas(64) float qs[kGroup * kDim];
  GroupState st;
  for (int kvh = 0; kvh < kv_heads; ++kvh) {
    const float* qh = q + static_cast<std::int64_t>(kvh) * kGroup * kDim;
    for (int i = 0; i < kGroup * kDim; ++i) qs[i] = qh[i] * scale;
    st.reset();
    head(kvh, st, static_cast<const float*>(qs));
    st.finish(out + static_cast<std::int64_t>(kvh) * kGroup * kDim);
  }
}

// Portable fallback: one query head at a time, textbook per-token online softmax
// (running max m, running sum l, accumulator rescaled by exp(m_old - m_new)).
template <class Rows>
void f16_head_scalar(const float* q, int dim, const Rows& rows, std::int64_t tokens, float* out,
                     float* acc /*[dim] scratch*/) {
  float m = -std::numeric_limits<float>::infinity();
  float l = 0.0f;
  for (int d = 0; d < dim; ++d) acc[d] = 0.0f;
  for (std::int64_t t = 0; t < tokens; ++t) {
    const f16_bits* k = rows.k(t);
    float s = 0.0f;
    for (int d = 0; d < dim; ++d) s += q[d] * f16_to_f32(k[d]);
    const float m_new = std::fmax(m, s);
    const float alpha = std::exp(m - m_new);
    const float p = std::exp(s - m_new);
    const f16_bits* v = rows.v(t);
    for (int d = 0; d < dim; ++d) acc[d] = acc[d] * alpha + p * f16_to_f32(v[d]);
    l = l * alpha + p;
    m = m_new;
  }
  const float inv = l > 0.0f ? 1.0f / l : 0.0f;
  for (int d = 0; d < dim; ++d) out[d] = acc[d] * inv;
}

}  // namespace perfwarden::kv_cache::detail
