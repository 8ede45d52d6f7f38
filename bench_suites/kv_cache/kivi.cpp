#include "kivi.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "attention_core.h"

// Code layouts (per head and group of 32 tokens, 1 KiB each for K and V), chosen so each 32-bit
// lane of a vector holds four codes that one vpdpbusd (u8 x s8 -> i32, AVX512_VNNI; emulated with
// vpmaddubsw + vpmaddwd on plain AVX2) multiplies and sums in one step:
//  - K: lane = token, its 4 bytes = channels 4j..4j+3. Unpacked 64-byte vectors U_j (j = 0..31,
//    tokens 16h..16h+15 of half h): U_j[4i + e] = code(token 16h + i, channel 4j + e). A broadcast
//    int8 query quad (q_4j..q_4j+3) dotted with U_j accumulates 16 tokens' scores at once: no
//    horizontal sums. Packed: K[h][m][b] = sum_k U_{4m+k}[b] << 2k (m = 0..7, b = 0..63).
//  - V: lane = channel, its 4 bytes = tokens 4r..4r+3. Unpacked W_n (n = 8r + k, k = 16-channel
//    chunk): W_n[4i + e] = code(token 4r + e, channel 16k + i). A broadcast u8 quad of softmax
//    weights (w_4r..w_4r+3) dotted with W_n accumulates 16 channels' outputs.
//    Packed: V[m][b] = sum_kk W_{4m+kk}[b] << 2kk (m = 0..15).
// (P >> 2k) & 3 on 16-bit lanes unpacks one vector per shift; a 32-byte load of a 64-byte vector
// is exactly its first or second 8 lanes, so the AVX2 kernel uses the same bytes.

namespace perfwarden::kv_cache {
namespace {

constexpr int kDim = detail::kDim;
constexpr int kG = kKiviGroup;
constexpr int kResCap = kKiviResidual + kKiviGroup;
constexpr std::int64_t kKCodeBytes = kG * kDim / 4;  // 1024 per group per head
constexpr std::int64_t kVCodeBytes = kG * kDim / 4;
constexpr int kVGroups = kDim / kG;  // 4 channel groups per token

struct ScaleMin {
  f16_bits scale, min;
  float s, m, inv;
};

ScaleMin make_scale_min(float lo, float hi) {
  ScaleMin r;
  r.scale = f32_to_f16((hi - lo) / 3.0f);
  r.min = f32_to_f16(lo);
  r.s = f16_to_f32(r.scale);
  r.m = f16_to_f32(r.min);
  r.inv = r.s > 0.0f ? 1.0f / r.s : 0.0f;
  return r;
}

}  // namespace

KiviCache::KiviCache(int kv_heads, int head_dim, std::int64_t max_tokens)
    : kv_heads_(kv_heads),
      dim_(head_dim),
      max_groups_(std::max<std::int64_t>(0, max_tokens) / kG + 1) {
  if (head_dim != kDim) throw std::invalid_argument("KiviCache: head_dim must be 128");
  const std::int64_t groups = kv_heads_ * max_groups_;
  k_codes_.resize(groups * kKCodeBytes);
  k_scale_.resize(groups * kDim);
  k_min_.resize(groups * kDim);
  v_codes_.resize(groups * kVCodeBytes);
  v_scale_.resize(groups * kDim);
  v_min_.resize(groups * kDim);
  res_k_.resize(static_cast<std::size_t>(kv_heads_) * kResCap * kDim);
  res_v_.resize(static_cast<std::size_t>(kv_heads_) * kResCap * kDim);
}

namespace {

inline std::uint8_t code_of(float x, float m, float inv) {
  float c = (x - m) * inv;
  c = c > 0.0f ? c : 0.0f;
  c = c < 3.0f ? c : 3.0f;
  return static_cast<std::uint8_t>(static_cast<int>(c + 0.5f));
}

// Codes of 32 values x with per-element min/reciprocal-scale (m, inv), or, when m_stride == 0,
// one (m, inv) for all 32. Both versions perform the same IEEE operations, so they agree exactly.
void codes32_scalar(const float* x, const float* m, const float* inv, int m_stride,
                    std::uint8_t* c) {
  for (int d = 0; d < 32; ++d) c[d] = code_of(x[d], m[d * m_stride], inv[d * m_stride]);
}

KVC_AVX2 void codes32_avx2(const float* x, const float* m, const float* inv, int m_stride,
                           std::uint8_t* c) {
  __m256i q[4];
  for (int j = 0; j < 4; ++j) {
    const __m256 mv = m_stride ? _mm256_loadu_ps(m + 8 * j) : _mm256_set1_ps(m[0]);
    const __m256 iv = m_stride ? _mm256_loadu_ps(inv + 8 * j) : _mm256_set1_ps(inv[0]);
    __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + 8 * j), mv), iv);
    v = _mm256_min_ps(_mm256_max_ps(v, _mm256_setzero_ps()), _mm256_set1_ps(3.0f));
    q[j] = _mm256_cvttps_epi32(_mm256_add_ps(v, _mm256_set1_ps(0.5f)));
  }
  const __m256i b =
      _mm256_packus_epi16(_mm256_packus_epi32(q[0], q[1]), _mm256_packus_epi32(q[2], q[3]));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(c),
                      _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
}

struct QuantOut {
  std::uint8_t* k_codes;
  f16_bits *k_scale, *k_min;
  std::uint8_t* v_codes;
  f16_bits *v_scale, *v_min;
};

// One head's group: fp32 rows in, codes/scales/mins out. Plain loops the compiler vectorises;
// cloned for AVX2 (same IEEE operations in either clone, so identical results).
__attribute__((target_clones("avx2", "default"))) void quantise_head_group(
    const float (&xk)[kG][kDim], const float (&xv)[kG][kDim], const QuantOut& o) {
  const auto codes32 = cpu_has_avx2_f16c_fma() ? codes32_avx2 : codes32_scalar;
  alignas(64) std::uint8_t c[kG][kDim];
  alignas(64) float lo[kDim], hi[kDim], mn[kDim], inv[kDim];
  // K: per channel over the group's 32 tokens.
  for (int d = 0; d < kDim; ++d) lo[d] = hi[d] = xk[0][d];
  for (int t = 1; t < kG; ++t)
    for (int d = 0; d < kDim; ++d) {
      lo[d] = xk[t][d] < lo[d] ? xk[t][d] : lo[d];
      hi[d] = xk[t][d] > hi[d] ? xk[t][d] : hi[d];
    }
  for (int d = 0; d < kDim; ++d) {
    const ScaleMin sm = make_scale_min(lo[d], hi[d]);
    o.k_scale[d] = sm.scale;
    o.k_min[d] = sm.min;
    mn[d] = sm.m;
    inv[d] = sm.inv;
  }
  for (int t = 0; t < kG; ++t)
    for (int d = 0; d < kDim; d += 32) codes32(xk[t] + d, mn + d, inv + d, 1, c[t] + d);
  // Byte e of token t's dword in vector m gathers channels 16m + 4k + e (k = 0..3): with codes < 4
  // the four shifted dwords never carry across bytes, so whole dwords are combined at once.
  for (int t = 0; t < kG; ++t)
    for (int m = 0; m < 8; ++m) {
      std::uint32_t dw[4];
      std::memcpy(dw, c[t] + 16 * m, 16);
      const std::uint32_t packed = dw[0] | dw[1] << 2 | dw[2] << 4 | dw[3] << 6;
      std::memcpy(o.k_codes + (t / 16) * 512 + m * 64 + 4 * (t % 16), &packed, 4);
    }
  // V: per token over groups of 32 channels.
  float vm[kG][kVGroups], vinv[kG][kVGroups];
  for (int t = 0; t < kG; ++t)
    for (int cg = 0; cg < kVGroups; ++cg) {
      const float* xs = xv[t] + cg * kG;
      float l8[8], h8[8];
      for (int e = 0; e < 8; ++e) l8[e] = h8[e] = xs[e];
      for (int d = 8; d < kG; d += 8)
        for (int e = 0; e < 8; ++e) {
          l8[e] = xs[d + e] < l8[e] ? xs[d + e] : l8[e];
          h8[e] = xs[d + e] > h8[e] ? xs[d + e] : h8[e];
        }
      float l = l8[0], u = h8[0];
      for (int e = 1; e < 8; ++e) {
        l = l8[e] < l ? l8[e] : l;
        u = h8[e] > u ? h8[e] : u;
      }
      const ScaleMin sm = make_scale_min(l, u);
      o.v_scale[cg * kG + t] = sm.scale;
      o.v_min[cg * kG + t] = sm.min;
      vm[t][cg] = sm.m;
      vinv[t][cg] = sm.inv;
    }
  for (int t = 0; t < kG; ++t)
    for (int cg = 0; cg < kVGroups; ++cg)
      codes32(xv[t] + cg * kG, &vm[t][cg], &vinv[t][cg], 0, c[t] + cg * kG);
  // Vector m covers token quad r = m / 2 and channels 64 (m % 2) .. +63: per token, y[i] = sum_kk
  // code(channel 64 (m % 2) + 16 kk + i) << 2kk (16 bytes), then the four tokens' y are
  // byte-interleaved so lane i holds (token 4r..4r+3) of channel i. SSE2 only (baseline x86-64).
  for (int m = 0; m < 16; ++m) {
    const int r = m / 2, base = 64 * (m % 2);
    __m128i y[4];
    for (int e = 0; e < 4; ++e) {
      const std::uint8_t* row = c[4 * r + e] + base;
      __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row));
      for (int kk = 1; kk < 4; ++kk)
        acc = _mm_or_si128(
            acc, _mm_slli_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 16 * kk)),
                                2 * kk));
      y[e] = acc;
    }
    const __m128i a = _mm_unpacklo_epi8(y[0], y[1]), b = _mm_unpackhi_epi8(y[0], y[1]);
    const __m128i c2 = _mm_unpacklo_epi8(y[2], y[3]), d2 = _mm_unpackhi_epi8(y[2], y[3]);
    __m128i* out = reinterpret_cast<__m128i*>(o.v_codes + m * 64);
    _mm_storeu_si128(out + 0, _mm_unpacklo_epi16(a, c2));
    _mm_storeu_si128(out + 1, _mm_unpackhi_epi16(a, c2));
    _mm_storeu_si128(out + 2, _mm_unpacklo_epi16(b, d2));
    _mm_storeu_si128(out + 3, _mm_unpackhi_epi16(b, d2));
  }
}

}  // namespace

template <class RowFn>
void KiviCache::quantise_group(std::int64_t g, const RowFn& row) {
  alignas(64) float xk[kG][kDim], xv[kG][kDim];
  for (int h = 0; h < kv_heads_; ++h) {
    const std::int64_t gi = h * max_groups_ + g;
    for (int t = 0; t < kG; ++t) {
      f16_to_f32(row(h, t, false), xk[t], kDim);
      f16_to_f32(row(h, t, true), xv[t], kDim);
    }
    quantise_head_group(xk, xv,
                        {k_codes_.data() + gi * kKCodeBytes, k_scale_.data() + gi * kDim,
                         k_min_.data() + gi * kDim, v_codes_.data() + gi * kVCodeBytes,
                         v_scale_.data() + gi * kDim, v_min_.data() + gi * kDim});
  }
}

void KiviCache::append(const f16_bits* k, const f16_bits* v, std::int64_t n,
                       std::int64_t head_stride) {
  if (n <= 0) return;
  const std::int64_t old_tokens = tokens();
  const std::int64_t new_tokens = old_tokens + n;
  const std::int64_t new_groups =
      new_tokens > kKiviResidual ? (new_tokens - kKiviResidual) / kG : 0;
  if (new_groups > max_groups_) throw std::length_error("KiviCache::append: exceeds max_tokens");
  // Global token -> fp16 row, whether it still sits in the residual or comes from the input.
  auto row = [&](int h, std::int64_t gt, bool is_v) -> const f16_bits* {
    if (gt < old_tokens) {
      const auto& res = is_v ? res_v_ : res_k_;
      return res.data() + (static_cast<std::int64_t>(h) * kResCap + (gt - quantised_)) * kDim;
    }
    return (is_v ? v : k) + h * head_stride + (gt - old_tokens) * kDim;
  };
  for (std::int64_t g = quantised_ / kG; g < new_groups; ++g)
    quantise_group(g, [&](int h, int t, bool is_v) { return row(h, g * kG + t, is_v); });
  const std::int64_t first_res = new_groups * kG;
  std::vector<f16_bits> nk(res_k_.size()), nv(res_v_.size());
  for (int h = 0; h < kv_heads_; ++h)
    for (std::int64_t gt = first_res; gt < new_tokens; ++gt) {
      const std::int64_t dst = (static_cast<std::int64_t>(h) * kResCap + (gt - first_res)) * kDim;
      std::memcpy(nk.data() + dst, row(h, gt, false), kDim * sizeof(f16_bits));
      std::memcpy(nv.data() + dst, row(h, gt, true), kDim * sizeof(f16_bits));
    }
  res_k_.swap(nk);
  res_v_.swap(nv);
  quantised_ = first_res;
  residual_ = new_tokens - first_res;
}

double KiviCache::bytes_per_element() const {
  const std::int64_t t = tokens();
  return t == 0 ? 0.0 : static_cast<double>(bytes_read_per_decode()) / (2.0 * kv_heads_ * t * dim_);
}

std::int64_t KiviCache::bytes_read_per_decode() const {
  const std::int64_t elements = 2 * static_cast<std::int64_t>(kv_heads_) * dim_;
  return static_cast<std::int64_t>(quantised_ * elements * kKiviQuantisedBytesPerElement) +
         residual_ * elements * 2;
}

float KiviCache::k_at(int h, std::int64_t t, int d) const {
  if (t >= quantised_)
    return f16_to_f32(
        res_k_[(static_cast<std::int64_t>(h) * kResCap + (t - quantised_)) * kDim + d]);
  const std::int64_t gi = h * max_groups_ + t / kG;
  const int tt = static_cast<int>(t % kG);
  const int half = tt / 16, i = tt % 16, j = d / 4, e = d % 4;
  const int code =
      (k_codes_[gi * kKCodeBytes + half * 512 + (j / 4) * 64 + 4 * i + e] >> (2 * (j % 4))) & 3;
  return f16_to_f32(k_scale_[gi * kDim + d]) * code + f16_to_f32(k_min_[gi * kDim + d]);
}

float KiviCache::v_at(int h, std::int64_t t, int d) const {
  if (t >= quantised_)
    return f16_to_f32(
        res_v_[(static_cast<std::int64_t>(h) * kResCap + (t - quantised_)) * kDim + d]);
  const std::int64_t gi = h * max_groups_ + t / kG;
  const int tt = static_cast<int>(t % kG);
  const int n = 8 * (tt / 4) + d / 16, b = 4 * (d % 16) + tt % 4;
  const int code = (v_codes_[gi * kVCodeBytes + (n / 4) * 64 + b] >> (2 * (n % 4))) & 3;
  const int cg = d / kG;
  return f16_to_f32(v_scale_[gi * kDim + cg * kG + tt]) * code +
         f16_to_f32(v_min_[gi * kDim + cg * kG + tt]);
}

namespace {

struct ResidualRows {
  const f16_bits* k_head;
  const f16_bits* v_head;
  const f16_bits* k(std::int64_t t) const { return k_head + t * kDim; }
  const f16_bits* v(std::int64_t t) const { return v_head + t * kDim; }
  std::int64_t tokens;
  // At most 159 rows, already cache-resident after a step: nothing to prefetch.
  void prefetch_k(std::int64_t, int) const {}
  void prefetch_v(std::int64_t, int, int, int) const {}
};

struct GroupPtrs {
  const std::uint8_t* k_codes;
  const f16_bits* k_scale;
  const f16_bits* k_min;
  const std::uint8_t* v_codes;
  const f16_bits* v_scale;
  const f16_bits* v_min;
};

// Per-group query and softmax-weight preparation shared by both vector kernels (fp32 here, small):
//  - qi: the K-scale-folded query s_d q_d quantised to int8 with one scale sq per head; bias =
//    sum_d q_d m_d (exact fp32), so score_t = sq * (qi . codes_t) + bias.
//  - wq: softmax weight times V scale, w = p_t s_{t,g}, quantised to u8 with one scale ws per
//    (head, channel group); mt = sum_t p_t m_{t,g} (exact fp32).
struct QueryPrep {
  alignas(64) std::int8_t qi[detail::kGroup][kDim];
  float sq[detail::kGroup], bias[detail::kGroup];
};
struct WeightPrep {
  alignas(64) std::uint8_t wq[detail::kGroup][kVGroups][kG];
  alignas(64) float ws[detail::kGroup][kVGroups];
  alignas(64) float mt[detail::kGroup][kVGroups];
};

KVC_AVX512_INLINE void prep_query_avx512(QueryPrep& qp, const float* qs, const GroupPtrs& gp) {
  using detail::kGroup;
  alignas(64) float qk[kGroup][kDim];
  __m512 mx[kGroup], b[kGroup];
  for (int h = 0; h < kGroup; ++h) mx[h] = b[h] = _mm512_setzero_ps();
  for (int c = 0; c < 8; ++c) {
    const __m512 ks = detail::load_f16x16(gp.k_scale + 16 * c),
                 km = detail::load_f16x16(gp.k_min + 16 * c);
    for (int h = 0; h < kGroup; ++h) {
      const __m512 qv = _mm512_loadu_ps(qs + h * kDim + 16 * c);
      const __m512 v = _mm512_mul_ps(qv, ks);
      _mm512_store_ps(qk[h] + 16 * c, v);
      mx[h] = _mm512_max_ps(mx[h], _mm512_abs_ps(v));
      b[h] = _mm512_fmadd_ps(qv, km, b[h]);
    }
  }
  const __m512i gather = _mm512_setr_epi32(0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12);
  const __m512 m = _mm512_permutexvar_ps(
      gather, detail::reduce4_op(mx[0], mx[1], mx[2], mx[3], detail::MaxOp{}));
  const __m512 bias =
      _mm512_permutexvar_ps(gather, detail::reduce4_op(b[0], b[1], b[2], b[3], detail::AddOp{}));
  alignas(16) float inv[kGroup];
  _mm_storeu_ps(qp.sq, _mm512_castps512_ps128(_mm512_mul_ps(m, _mm512_set1_ps(1.0f / 127.0f))));
  _mm_storeu_ps(qp.bias, _mm512_castps512_ps128(bias));
  _mm_store_ps(
      inv, _mm512_castps512_ps128(_mm512_maskz_div_ps(
               _mm512_cmp_ps_mask(m, _mm512_setzero_ps(), _CMP_GT_OQ), _mm512_set1_ps(127.0f), m)));
  for (int h = 0; h < kGroup; ++h) {
    const __m512 iv = _mm512_set1_ps(inv[h]);
    for (int c = 0; c < 8; ++c)
      _mm_store_si128(reinterpret_cast<__m128i*>(qp.qi[h] + 16 * c),
                      _mm512_cvtsepi32_epi8(
                          _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_load_ps(qk[h] + 16 * c), iv))));
  }
}

KVC_AVX512_INLINE void prep_weights_avx512(WeightPrep& wp,
                                           const float (&s)[detail::kGroup][detail::kBlock],
                                           const GroupPtrs& gp) {
  using detail::kGroup;
  __m512 w[kVGroups][kGroup][2];
  __m512 mx[16], ms[16];  // index 4 * cg + h -> reduced lane 4 * h + cg
  for (int cg = 0; cg < kVGroups; ++cg) {
    const __m512 vs0 = detail::load_f16x16(gp.v_scale + cg * kG),
                 vs1 = detail::load_f16x16(gp.v_scale + cg * kG + 16);
    const __m512 vm0 = detail::load_f16x16(gp.v_min + cg * kG),
                 vm1 = detail::load_f16x16(gp.v_min + cg * kG + 16);
    for (int h = 0; h < kGroup; ++h) {
      const __m512 p0 = _mm512_load_ps(s[h]), p1 = _mm512_load_ps(s[h] + 16);
      w[cg][h][0] = _mm512_mul_ps(p0, vs0);
      w[cg][h][1] = _mm512_mul_ps(p1, vs1);
      mx[4 * cg + h] = _mm512_max_ps(w[cg][h][0], w[cg][h][1]);
      ms[4 * cg + h] = _mm512_fmadd_ps(p1, vm1, _mm512_mul_ps(p0, vm0));
    }
  }
  const __m512 m = detail::reduce16_op(mx, detail::MaxOp{});  // lane 4h + cg
  _mm512_storeu_ps(&wp.ws[0][0], _mm512_mul_ps(m, _mm512_set1_ps(1.0f / 255.0f)));
  _mm512_storeu_ps(&wp.mt[0][0], detail::reduce16_op(ms, detail::AddOp{}));
  alignas(64) float inv[kGroup][kVGroups];
  _mm512_store_ps(&inv[0][0],
                  _mm512_maskz_div_ps(_mm512_cmp_ps_mask(m, _mm512_setzero_ps(), _CMP_GT_OQ),
                                      _mm512_set1_ps(255.0f), m));
  for (int cg = 0; cg < kVGroups; ++cg)
    for (int h = 0; h < kGroup; ++h) {
      const __m512 iv = _mm512_set1_ps(inv[h][cg]);
      _mm_store_si128(reinterpret_cast<__m128i*>(wp.wq[h][cg]),
                      _mm512_cvtusepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(w[cg][h][0], iv))));
      _mm_store_si128(reinterpret_cast<__m128i*>(wp.wq[h][cg] + 16),
                      _mm512_cvtusepi32_epi8(_mm512_cvtps_epi32(_mm512_mul_ps(w[cg][h][1], iv))));
    }
}

// acc += u8 . s8 (vpdpbusd) in place. GCC 12 compiles the intrinsic in these loops with a
// register copy per instruction and spills the accumulators (measured: the core loops ran at
// ~2.3x their vpdpbusd throughput floor). The asm pins the accumulator; the second form takes
// the signed operand as a broadcast dword straight from memory ({1to16}), which also saves the
// separate vpbroadcastd.
KVC_AVX512_INLINE __m512i dpbusd(__m512i acc, __m512i u8, __m512i s8) {
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(u8), "v"(s8));
  return acc;
}
KVC_AVX512_INLINE __m512i dpbusd_bcast(__m512i acc, __m512i u8, const std::int8_t* s8x4) {
  __asm__("vpdpbusd %2%{1to16%}, %1, %0"
          : "+v"(acc)
          : "v"(u8), "m"(*reinterpret_cast<const std::int32_t*>(s8x4)));
  return acc;
}

inline std::int32_t quad(const void* p) {
  std::int32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

// One quantised group of 32 tokens for the 4 query heads of one KV head, AVX512_VNNI.
// Per token and KV head: 8 vpdpbusd for K and 8 for V (4 heads x 128 channels x 2-bit codes),
// plus one shift+and per 64 unpacked codes.
// K side of one quantised group: the group's scores s[h][0..32) for the 4 query heads.
KVC_AVX512_INLINE void kivi_scores_avx512(const float* qs, const GroupPtrs& gp,
                                          float (&s)[detail::kGroup][kG]) {
  using detail::kGroup;
  QueryPrep qp;
  prep_query_avx512(qp, qs, gp);
  const __m512i three = _mm512_set1_epi8(3);
  for (int half = 0; half < 2; ++half) {
    // One accumulator per (head, 2-bit plane): 16 independent vpdpbusd chains. With one per head
    // the 4 chains were latency-bound (~5 cycles each). Integer sums, so the split is exact.
    __m512i acc[kGroup][4];
    for (auto& row : acc)
      for (auto& a : row) a = _mm512_setzero_si512();
    for (int m = 0; m < 8; ++m) {
      const __m512i p = _mm512_loadu_si512(gp.k_codes + half * 512 + m * 64);
      for (int k = 0; k < 4; ++k) {
        const __m512i u = _mm512_and_si512(_mm512_srli_epi16(p, 2 * k), three);
        for (int h = 0; h < kGroup; ++h)
          acc[h][k] = dpbusd_bcast(acc[h][k], u, qp.qi[h] + 16 * m + 4 * k);
      }
    }
    for (int h = 0; h < kGroup; ++h) {
      const __m512i sum = _mm512_add_epi32(_mm512_add_epi32(acc[h][0], acc[h][1]),
                                           _mm512_add_epi32(acc[h][2], acc[h][3]));
      _mm512_store_ps(s[h] + 16 * half,
                      _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_set1_ps(qp.sq[h]),
                                      _mm512_set1_ps(qp.bias[h])));
    }
  }
}

// V side of one quantised group, given its probabilities and the rescale factors from softmax.
KVC_AVX512_INLINE void kivi_values_avx512(detail::GroupState& st, const WeightPrep& wp,
                                          const float (&alpha)[detail::kGroup],
                                          const GroupPtrs& gp) {
  using detail::kGroup;
  const __m512i three = _mm512_set1_epi8(3);
  // Channels 0..63 then 64..127 (chunks k = 4*pass + kk), 4 heads x 4 accumulators each.
  for (int pass = 0; pass < 2; ++pass) {
    __m512i acc[kGroup][4];
    for (auto& row : acc)
      for (auto& a : row) a = _mm512_setzero_si512();
        // Chunks kk = 0, 1 belong to channel group 2 pass and kk = 2, 3 to 2 pass + 1, so each
        // head's weight quad is broadcast once per channel group and used twice. Fully unrolled:
        // the quads are then constant offsets from wp (GCC otherwise kept 16 pointers and spilled
        // them).
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) {
      const __m512i p = _mm512_loadu_si512(gp.v_codes + (2 * r + pass) * 64);
      __m512i w[4];
      for (int kk = 0; kk < 4; ++kk) w[kk] = _mm512_and_si512(_mm512_srli_epi16(p, 2 * kk), three);
      for (int h = 0; h < kGroup; ++h) {
        const __m512i b0 = _mm512_set1_epi32(quad(wp.wq[h][2 * pass] + 4 * r));
        const __m512i b1 = _mm512_set1_epi32(quad(wp.wq[h][2 * pass + 1] + 4 * r));
        acc[h][0] = dpbusd(acc[h][0], b0, w[0]);
        acc[h][1] = dpbusd(acc[h][1], b0, w[1]);
        acc[h][2] = dpbusd(acc[h][2], b1, w[2]);
        acc[h][3] = dpbusd(acc[h][3], b1, w[3]);
      }
    }
    for (int h = 0; h < kGroup; ++h) {
      const __m512 al = _mm512_set1_ps(alpha[h]);
      for (int kk = 0; kk < 4; ++kk) {
        const int k = 4 * pass + kk, cg = k / 2;
        float* a = st.acc[h] + 16 * k;
        const __m512 v =
            _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[h][kk]), _mm512_set1_ps(wp.ws[h][cg]),
                            _mm512_set1_ps(wp.mt[h][cg]));
        _mm512_store_ps(a, _mm512_fmadd_ps(_mm512_load_ps(a), al, v));
      }
    }
  }
}

// Online-softmax update over a batch of `count` groups' scores s[g][h][0..kG) at once: one running
// maximum and one accumulator rescale (alpha) per batch instead of per group. The scores become
// probabilities in place.
KVC_AVX512_INLINE void softmax_batch_avx512(detail::GroupState& st, float (*s)[detail::kGroup][kG],
                                            int count, float (&alpha)[detail::kGroup]) {
  static_assert(kG == 32);
  for (int h = 0; h < detail::kGroup; ++h) {
    __m512 mx = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    for (int g = 0; g < count; ++g)
      mx = _mm512_max_ps(mx, _mm512_max_ps(_mm512_load_ps(s[g][h]), _mm512_load_ps(s[g][h] + 16)));
    const float m_new = std::fmax(st.m[h], _mm512_reduce_max_ps(mx));
    alpha[h] = std::exp(st.m[h] - m_new);  // exp(-inf) == 0 on the first batch
    const __m512 mv = _mm512_set1_ps(m_new);
    __m512 sum = _mm512_setzero_ps();
    for (int g = 0; g < count; ++g)
      for (int i = 0; i < kG; i += 16) {
        const __m512 p = detail::exp512(_mm512_sub_ps(_mm512_load_ps(s[g][h] + i), mv));
        _mm512_store_ps(s[g][h] + i, p);
        sum = _mm512_add_ps(sum, p);
      }
    st.m[h] = m_new;
    st.l[h] = std::fma(st.l[h], alpha[h], _mm512_reduce_add_ps(sum));
  }
}

// All quantised groups of one KV head, kBatchGroups groups at a time: first every group's K side
// (query prep and 256 vpdpbusd each, independent of each other), then one softmax update for the
// batch, then every group's weight prep and V side. Done group by group, each group's softmax and
// weight prep were dependency chains of reductions, exp and division that the next group's work
// could not overlap; batched, the same work is independent across 16 groups. The online softmax
// then rescales once per 512 tokens instead of per 32 (the same maths; rounding differs).
// Measured at T=32768: see the README. group(g) gives group g's GroupPtrs.
inline constexpr int kBatchGroups = 16;

// Prefetch of group gp's K-side or V-side arrays (codes, scales, mins) into L1.
template <bool kKSide>
__attribute__((always_inline)) inline void prefetch_group_side(const GroupPtrs& gp) {
  const char* codes = reinterpret_cast<const char*>(kKSide ? gp.k_codes : gp.v_codes);
  const char* scale = reinterpret_cast<const char*>(kKSide ? gp.k_scale : gp.v_scale);
  const char* mins = reinterpret_cast<const char*>(kKSide ? gp.k_min : gp.v_min);
  for (int b = 0; b < kKCodeBytes; b += 64) _mm_prefetch(codes + b, _MM_HINT_T0);
  for (int b = 0; b < kDim * 2; b += 64) {
    _mm_prefetch(scale + b, _MM_HINT_T0);
    _mm_prefetch(mins + b, _MM_HINT_T0);
  }
}

template <class GroupAt>
KVC_AVX512_INLINE void kivi_groups_avx512(detail::GroupState& st, const float* qs,
                                          const GroupAt& group, std::int64_t count) {
  alignas(64) float s[kBatchGroups][detail::kGroup][kG];
  const float no_rescale[detail::kGroup] = {1.0f, 1.0f, 1.0f, 1.0f};
  for (std::int64_t g0 = 0; g0 < count; g0 += kBatchGroups) {
    const int n = static_cast<int>(std::min<std::int64_t>(kBatchGroups, count - g0));
    for (int i = 0; i < n; ++i) {
      prefetch_group_side<true>(group(std::min(g0 + i + 2, count - 1)));
      kivi_scores_avx512(qs, group(g0 + i), s[i]);
    }
    float alpha[detail::kGroup];
    softmax_batch_avx512(st, s, n, alpha);
    for (int i = 0; i < n; ++i) {
      const GroupPtrs gp = group(g0 + i);
      prefetch_group_side<false>(group(std::min(g0 + i + 2, count - 1)));
      WeightPrep wp;
      prep_weights_avx512(wp, s[i], gp);
      kivi_values_avx512(st, wp, i == 0 ? alpha : no_rescale, gp);
    }
  }
}

// 32 x fp32 (four vectors) -> 32 bytes in order, with signed or unsigned saturation.
template <bool kSigned>
KVC_AVX2_INLINE __m256i pack32(__m256 a, __m256 b, __m256 c, __m256 d) {
  const __m256i ia = _mm256_cvtps_epi32(a), ib = _mm256_cvtps_epi32(b);
  const __m256i ic = _mm256_cvtps_epi32(c), id = _mm256_cvtps_epi32(d);
  __m256i x;
  if constexpr (kSigned)
    x = _mm256_packs_epi16(_mm256_packs_epi32(ia, ib), _mm256_packs_epi32(ic, id));
  else
    x = _mm256_packus_epi16(_mm256_packus_epi32(ia, ib), _mm256_packus_epi32(ic, id));
  return _mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// Same layout and arithmetic on plain AVX2: vpdpbusd is emulated by vpmaddubsw (u8 x s8 pairs ->
// i16) summed in i16 where the bound allows, then vpmaddwd against ones. Batched and prefetched
// as the AVX-512 kernel (kivi_groups_avx512).
// Query prep for the 4 heads at once (see QueryPrep): the group's K scales and mins are converted
// once per chunk, not once per head, and the heads' abs-maxima and biases are reduced together,
// not one serial horizontal reduction per head (Zen 5, AVX2, L2-resident groups: K side 652 ->
// 628 cycles per group and KV head).
KVC_AVX2_INLINE void prep_query_avx2(QueryPrep& qp, const float* qs, const GroupPtrs& gp) {
  using detail::kGroup;
  alignas(32) float qk[kGroup][kDim];
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
  __m256 mx[kGroup], b[kGroup];
  for (int h = 0; h < kGroup; ++h) mx[h] = b[h] = _mm256_setzero_ps();
#pragma GCC unroll 16
  for (int c = 0; c < kDim; c += 8) {
    const __m256 ks = detail::load_f16x8(gp.k_scale + c), km = detail::load_f16x8(gp.k_min + c);
    for (int h = 0; h < kGroup; ++h) {
      const __m256 qv = _mm256_loadu_ps(qs + h * kDim + c);
      const __m256 v = _mm256_mul_ps(qv, ks);
      _mm256_store_ps(qk[h] + c, v);
      mx[h] = _mm256_max_ps(mx[h], _mm256_and_ps(v, abs_mask));
      b[h] = _mm256_fmadd_ps(qv, km, b[h]);
    }
  }
  const __m256 z = _mm256_setzero_ps();
  // Lanes 0..3 of both reductions: head h's maximum and bias.
  const __m128 m =
      _mm256_castps256_ps128(detail::reduce8_max(mx[0], mx[1], mx[2], mx[3], z, z, z, z));
  const __m128 bias = _mm256_castps256_ps128(detail::reduce8(b[0], b[1], b[2], b[3], z, z, z, z));
  _mm_storeu_ps(qp.sq, _mm_div_ps(m, _mm_set1_ps(127.0f)));
  _mm_storeu_ps(qp.bias, bias);
  alignas(16) float inv[kGroup];
  _mm_store_ps(inv,
               _mm_and_ps(_mm_div_ps(_mm_set1_ps(127.0f), m), _mm_cmpgt_ps(m, _mm_setzero_ps())));
  for (int h = 0; h < kGroup; ++h) {
    const __m256 iv = _mm256_broadcast_ss(inv + h);
    for (int c = 0; c < kDim; c += 32)
      _mm256_store_si256(reinterpret_cast<__m256i*>(qp.qi[h] + c),
                         pack32<true>(_mm256_mul_ps(_mm256_load_ps(qk[h] + c), iv),
                                      _mm256_mul_ps(_mm256_load_ps(qk[h] + c + 8), iv),
                                      _mm256_mul_ps(_mm256_load_ps(qk[h] + c + 16), iv),
                                      _mm256_mul_ps(_mm256_load_ps(qk[h] + c + 24), iv)));
  }
}

// K side of one quantised group: query prep and the group's scores s[h][0..32).
KVC_AVX2_INLINE void kivi_scores_avx2(const float* qs, const GroupPtrs& gp,
                                      float (&s)[detail::kGroup][kG]) {
  using detail::kGroup;
  QueryPrep qp;
  prep_query_avx2(qp, qs, gp);
  const __m256i three = _mm256_set1_epi8(3);
  const __m256i ones16 = _mm256_set1_epi16(1);
  // K: 16 tokens (two ymm of lanes, o and o + 1) at a time, each query quad broadcast once for
  // both. Every maddubs term is <= 2 * 3 * 127 = 762, so all 32 of a token's terms (8 quads x 4
  // shifts) sum in i16 (<= 24,384) and widen once at the end.
  for (int o = 0; o < 4; o += 2) {
    __m256i t16[2][kGroup];
    for (auto& row : t16)
      for (auto& t : row) t = _mm256_setzero_si256();
    for (int m = 0; m < 8; ++m) {
      const __m256i p[2] = {
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(gp.k_codes + (o / 2) * 512 + m * 64)),
          _mm256_loadu_si256(
              reinterpret_cast<const __m256i*>(gp.k_codes + (o / 2) * 512 + m * 64 + 32))};
      for (int k = 0; k < 4; ++k) {
        const __m256i u0 = _mm256_and_si256(_mm256_srli_epi16(p[0], 2 * k), three);
        const __m256i u1 = _mm256_and_si256(_mm256_srli_epi16(p[1], 2 * k), three);
        for (int h = 0; h < kGroup; ++h) {
          const __m256i qb = _mm256_set1_epi32(quad(qp.qi[h] + 16 * m + 4 * k));
          t16[0][h] = _mm256_add_epi16(t16[0][h], _mm256_maddubs_epi16(u0, qb));
          t16[1][h] = _mm256_add_epi16(t16[1][h], _mm256_maddubs_epi16(u1, qb));
        }
        for (auto& row : t16)  // as in the V side below: the sums stay in registers
          for (auto& t : row) __asm__("" : "+x"(t));
      }
    }
    for (int j = 0; j < 2; ++j)
      for (int h = 0; h < kGroup; ++h)
        _mm256_store_ps(s[h] + 8 * (o + j),
                        _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(t16[j][h], ones16)),
                                        _mm256_set1_ps(qp.sq[h]), _mm256_set1_ps(qp.bias[h])));
  }
}

// V side of one quantised group: weight prep from its probabilities s, then the accumulation
// (alpha rescales the accumulator first).
KVC_AVX2_INLINE void kivi_values_avx2(detail::GroupState& st, const float (&s)[detail::kGroup][kG],
                                      const float (&alpha)[detail::kGroup], const GroupPtrs& gp) {
  using detail::kGroup;
  const __m256i three = _mm256_set1_epi8(3);
  const __m256i ones16 = _mm256_set1_epi16(1);
  // Weight prep for the 16 (head, channel group) pairs, pair i = 4 h + cg as in wp.ws: their
  // maxima and min-terms in two batched reductions each and one vector division, instead of 32
  // horizontal reductions and 32 scalar divisions (as costly as the V products themselves).
  WeightPrep wp;
  alignas(32) float w[kGroup * kVGroups][kG];
  __m256 mx[kGroup * kVGroups], msum[kGroup * kVGroups];
  for (int cg = 0; cg < kVGroups; ++cg) {
    __m256 vs[4], vm[4];
    for (int j = 0; j < 4; ++j) {
      vs[j] = detail::load_f16x8(gp.v_scale + cg * kG + 8 * j);
      vm[j] = detail::load_f16x8(gp.v_min + cg * kG + 8 * j);
    }
    for (int h = 0; h < kGroup; ++h) {
      const int i = h * kVGroups + cg;
      mx[i] = msum[i] = _mm256_setzero_ps();
      for (int j = 0; j < 4; ++j) {
        const __m256 p = _mm256_load_ps(s[h] + 8 * j);
        const __m256 wj = _mm256_mul_ps(p, vs[j]);
        _mm256_store_ps(w[i] + 8 * j, wj);
        mx[i] = _mm256_max_ps(mx[i], wj);
        msum[i] = _mm256_fmadd_ps(p, vm[j], msum[i]);
      }
    }
  }
  alignas(32) float inv[kGroup * kVGroups];
  for (int half = 0; half < 2; ++half) {
    const int o = 8 * half;
    const __m256 m = detail::reduce8_max(mx[o], mx[o + 1], mx[o + 2], mx[o + 3], mx[o + 4],
                                         mx[o + 5], mx[o + 6], mx[o + 7]);
    _mm256_store_ps(&wp.ws[0][0] + o, _mm256_div_ps(m, _mm256_set1_ps(255.0f)));
    _mm256_store_ps(&wp.mt[0][0] + o,
                    detail::reduce8(msum[o], msum[o + 1], msum[o + 2], msum[o + 3], msum[o + 4],
                                    msum[o + 5], msum[o + 6], msum[o + 7]));
    const __m256 positive = _mm256_cmp_ps(m, _mm256_setzero_ps(), _CMP_GT_OQ);
    _mm256_store_ps(inv + o, _mm256_and_ps(_mm256_div_ps(_mm256_set1_ps(255.0f), m), positive));
  }
  for (int i = 0; i < kGroup * kVGroups; ++i) {
    const __m256 iv = _mm256_broadcast_ss(inv + i);
    _mm256_store_si256(reinterpret_cast<__m256i*>(wp.wq[i / kVGroups][i % kVGroups]),
                       pack32<false>(_mm256_mul_ps(_mm256_load_ps(w[i]), iv),
                                     _mm256_mul_ps(_mm256_load_ps(w[i] + 8), iv),
                                     _mm256_mul_ps(_mm256_load_ps(w[i] + 16), iv),
                                     _mm256_mul_ps(_mm256_load_ps(w[i] + 24), iv)));
  }
  // V: unpack the group's codes once (4 KiB, stays in L1): u[r][c] = 8 channels (c = 0..15) x
  // tokens 4r..4r+3. Per head, 8 token quads summed in i16 (each term <= 2 * 255 * 3).
  alignas(32) __m256i u[8][16];
  for (int r = 0; r < 8; ++r)
    for (int pass = 0; pass < 2; ++pass) {
      const std::uint8_t* src = gp.v_codes + (2 * r + pass) * 64;
      const __m256i p0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
      const __m256i p1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 32));
      for (int kk = 0; kk < 4; ++kk) {
        const int k = 4 * pass + kk;
        u[r][2 * k] = _mm256_and_si256(_mm256_srli_epi16(p0, 2 * kk), three);
        u[r][2 * k + 1] = _mm256_and_si256(_mm256_srli_epi16(p1, 2 * kk), three);
      }
    }
  for (int h = 0; h < kGroup; ++h) {
    const __m256 al = _mm256_set1_ps(alpha[h]);
    for (int c0 = 0; c0 < 16; c0 += 8) {
      __m256i acc[8];
      for (auto& a : acc) a = _mm256_setzero_si256();
      for (int r = 0; r < 8; ++r) {
        const __m256i w0 = _mm256_set1_epi32(quad(wp.wq[h][c0 / 4] + 4 * r));
        const __m256i w1 = _mm256_set1_epi32(quad(wp.wq[h][c0 / 4 + 1] + 4 * r));
        for (int c = 0; c < 8; ++c)
          acc[c] = _mm256_add_epi16(acc[c], _mm256_maddubs_epi16(c < 4 ? w0 : w1, u[r][c0 + c]));
        // Keeps the sums in registers token quad by token quad: i16 adds reassociate, and GCC 12
        // otherwise computes all 64 products first and spills them to the stack.
        for (auto& a : acc) __asm__("" : "+x"(a));
      }
      for (int c = 0; c < 8; ++c) {
        const int cg = (c0 + c) / 4;
        float* a = st.acc[h] + 8 * (c0 + c);
        const __m256 v =
            _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_madd_epi16(acc[c], ones16)),
                            _mm256_set1_ps(wp.ws[h][cg]), _mm256_set1_ps(wp.mt[h][cg]));
        _mm256_store_ps(a, _mm256_fmadd_ps(_mm256_load_ps(a), al, v));
      }
    }
  }
}

// softmax_batch_avx512 with ymm vectors, and two chains for the maxima and the sums (one chain
// of 64 dependent max or add per head was its critical path: 186 -> 166 cycles per group and KV
// head on Zen 5).
KVC_AVX2_INLINE void softmax_batch_avx2(detail::GroupState& st, float (*s)[detail::kGroup][kG],
                                        int count, float (&alpha)[detail::kGroup]) {
  static_assert(kG == 32);
  for (int h = 0; h < detail::kGroup; ++h) {
    __m256 mx[2] = {_mm256_set1_ps(-std::numeric_limits<float>::infinity()),
                    _mm256_set1_ps(-std::numeric_limits<float>::infinity())};
    for (int g = 0; g < count; ++g)
      for (int i = 0; i < kG; i += 16)
        mx[i / 16] = _mm256_max_ps(mx[i / 16], _mm256_max_ps(_mm256_load_ps(s[g][h] + i),
                                                             _mm256_load_ps(s[g][h] + i + 8)));
    const float m_new = std::fmax(st.m[h], detail::hmax256(_mm256_max_ps(mx[0], mx[1])));
    alpha[h] = std::exp(st.m[h] - m_new);  // exp(-inf) == 0 on the first batch
    const __m256 mv = _mm256_set1_ps(m_new);
    __m256 sum[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int g = 0; g < count; ++g)
      for (int i = 0; i < kG; i += 16) {
        const __m256 p0 = detail::exp256(_mm256_sub_ps(_mm256_load_ps(s[g][h] + i), mv));
        const __m256 p1 = detail::exp256(_mm256_sub_ps(_mm256_load_ps(s[g][h] + i + 8), mv));
        _mm256_store_ps(s[g][h] + i, p0);
        _mm256_store_ps(s[g][h] + i + 8, p1);
        sum[i / 16] = _mm256_add_ps(sum[i / 16], _mm256_add_ps(p0, p1));
      }
    st.m[h] = m_new;
    st.l[h] = std::fma(st.l[h], alpha[h], detail::hsum256(_mm256_add_ps(sum[0], sum[1])));
  }
}

template <class GroupAt>
KVC_AVX2_INLINE void kivi_groups_avx2(detail::GroupState& st, const float* qs, const GroupAt& group,
                                      std::int64_t count) {
  alignas(64) float s[kBatchGroups][detail::kGroup][kG];
  const float no_rescale[detail::kGroup] = {1.0f, 1.0f, 1.0f, 1.0f};
  for (std::int64_t g0 = 0; g0 < count; g0 += kBatchGroups) {
    const int n = static_cast<int>(std::min<std::int64_t>(kBatchGroups, count - g0));
    for (int i = 0; i < n; ++i) {
      prefetch_group_side<true>(group(std::min(g0 + i + 2, count - 1)));
      kivi_scores_avx2(qs, group(g0 + i), s[i]);
    }
    float alpha[detail::kGroup];
    softmax_batch_avx2(st, s, n, alpha);
    for (int i = 0; i < n; ++i) {
      prefetch_group_side<false>(group(std::min(g0 + i + 2, count - 1)));
      kivi_values_avx2(st, s[i], i == 0 ? alpha : no_rescale, group(g0 + i));
    }
  }
}

}  // namespace

void decode_attention_kivi2(const GqaShape& shape, const KiviCache& c, const float* q, float* out,
                            Isa isa) {
  const int dim = c.dim_;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  const std::int64_t groups = c.quantised_ / kG;
  auto group = [&](int kvh, std::int64_t g) {
    const std::int64_t gi = kvh * c.max_groups_ + g;
    return GroupPtrs{c.k_codes_.data() + gi * kKCodeBytes, c.k_scale_.data() + gi * kDim,
                     c.k_min_.data() + gi * kDim,          c.v_codes_.data() + gi * kVCodeBytes,
                     c.v_scale_.data() + gi * kDim,        c.v_min_.data() + gi * kDim};
  };
  auto residual = [&](int kvh) {
    const std::int64_t off = static_cast<std::int64_t>(kvh) * kResCap * kDim;
    return ResidualRows{c.res_k_.data() + off, c.res_v_.data() + off, c.residual_};
  };
  // Per KV head: the quantised groups, then the fp16 residual, with each ISA's kernels.
  const Isa r = resolve_isa(isa);
  if (r == Isa::kAvx512 && avx2_supports_shape(shape)) {
    detail::for_each_kv_head(shape.kv_heads, q, out,
                             [&](int kvh, detail::GroupState& st, const float* qs) KVC_AVX512 {
                               kivi_groups_avx512(
                                   st, qs, [&](std::int64_t g) { return group(kvh, g); }, groups);
                               detail::f16_rows_avx512(st, qs, residual(kvh));
                             });
    return;
  }
  if (r == Isa::kAvx2 && avx2_supports_shape(shape)) {
    detail::for_each_kv_head(shape.kv_heads, q, out,
                             [&](int kvh, detail::GroupState& st, const float* qs) KVC_AVX2 {
                               kivi_groups_avx2(
                                   st, qs, [&](std::int64_t g) { return group(kvh, g); }, groups);
                               detail::f16_rows_avx2(st, qs, residual(kvh));
                             });
    return;
  }
  // Portable path: dequantise one K and one V row at a time (never the whole cache), exact fp32.
  std::vector<float> qs(dim), acc(dim);
  for (int h = 0; h < shape.q_heads; ++h) {
    const int kvh = h / shape.group();
    for (int d = 0; d < dim; ++d) qs[d] = q[h * dim + d] * scale;
    float m = -INFINITY, l = 0.0f;
    std::fill(acc.begin(), acc.end(), 0.0f);
    for (std::int64_t t = 0; t < c.tokens(); ++t) {
      float s = 0.0f;
      for (int d = 0; d < dim; ++d) s += qs[d] * c.k_at(kvh, t, d);
      const float m_new = std::fmax(m, s);
      const float alpha = std::exp(m - m_new), p = std::exp(s - m_new);
      for (int d = 0; d < dim; ++d) acc[d] = acc[d] * alpha + p * c.v_at(kvh, t, d);
      l = l * alpha + p;
      m = m_new;
    }
    for (int d = 0; d < dim; ++d) out[h * dim + d] = acc[d] / l;
  }
}

}  // namespace perfwarden::kv_cache
