#include "kivi.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "attention_core.h"

// Layouts, chosen so the AVX2 kernel can use vpmaddubsw (u8 x s8 -> pairwise-summed i16),
// which does 32 multiply-adds per instruction against 8 for an fp32 FMA:
//  - K codes, one 32-byte row per token: byte j holds channels j, j+32, j+64, j+96 in bit pairs
//    0-1, 2-3, 4-5, 6-7, so (row >> 2c) & 3 yields channels 32c..32c+31 in natural order, ready
//    to multiply with an int8 copy of the (scale-folded) query.
//  - V codes, 64 bytes per token pair: logical byte stream B[2d + j] = code(token 2i+j, channel d)
//    packed as P[32m + b] = sum_k B[128m + 32k + b] << 2k. Unpacking (P_m >> 2k) & 3 yields 16
//    channels with the two tokens' codes adjacent, so vpmaddubsw against broadcast u8 weight
//    pairs (w_2i, w_2i+1) sums over tokens directly.

namespace perfwarden::kv_cache {
namespace {

constexpr int kDim = detail::kDim;
constexpr int kG = kKiviGroup;
constexpr int kResCap = kKiviResidual + kKiviGroup;
constexpr std::int64_t kKCodeBytes = kG * kDim / 4;  // 1024 per group per head
constexpr std::int64_t kVCodeBytes = kG * kDim / 4;
constexpr int kVGroups = kDim / kG;                  // 4 channel groups per token

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

inline std::uint8_t code_of(float x, const ScaleMin& sm) {
  const float c = std::clamp((x - sm.m) * sm.inv, 0.0f, 3.0f);
  return static_cast<std::uint8_t>(c + 0.5f);
}

}  // namespace

KiviCache::KiviCache(int kv_heads, int head_dim, std::int64_t max_tokens)
    : kv_heads_(kv_heads), dim_(head_dim), max_groups_(std::max<std::int64_t>(0, max_tokens) / kG + 1) {
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

template <class RowFn>
void KiviCache::quantise_group(std::int64_t g, const RowFn& row) {
  alignas(32) float x[kG][kDim];
  std::uint8_t c[kG][kDim];
  for (int h = 0; h < kv_heads_; ++h) {
    const std::int64_t gi = h * max_groups_ + g;
    // K: per channel over the group's 32 tokens.
    for (int t = 0; t < kG; ++t) f16_to_f32(row(h, t, false), x[t], kDim);
    float lo[kDim], hi[kDim];
    for (int d = 0; d < kDim; ++d) lo[d] = hi[d] = x[0][d];
    for (int t = 1; t < kG; ++t)
      for (int d = 0; d < kDim; ++d) {
        lo[d] = std::min(lo[d], x[t][d]);
        hi[d] = std::max(hi[d], x[t][d]);
      }
    for (int d = 0; d < kDim; ++d) {
      const ScaleMin sm = make_scale_min(lo[d], hi[d]);
      k_scale_[gi * kDim + d] = sm.scale;
      k_min_[gi * kDim + d] = sm.min;
      for (int t = 0; t < kG; ++t) c[t][d] = code_of(x[t][d], sm);
    }
    std::uint8_t* kc = k_codes_.data() + gi * kKCodeBytes;
    for (int t = 0; t < kG; ++t)
      for (int j = 0; j < 32; ++j)
        kc[t * 32 + j] = static_cast<std::uint8_t>(c[t][j] | c[t][j + 32] << 2 | c[t][j + 64] << 4 |
                                                    c[t][j + 96] << 6);
    // V: per token over groups of 32 channels.
    for (int t = 0; t < kG; ++t) f16_to_f32(row(h, t, true), x[t], kDim);
    for (int t = 0; t < kG; ++t)
      for (int cg = 0; cg < kVGroups; ++cg) {
        const float* xs = x[t] + cg * kG;
        const auto [mn, mx] = std::minmax_element(xs, xs + kG);
        const ScaleMin sm = make_scale_min(*mn, *mx);
        v_scale_[gi * kDim + cg * kG + t] = sm.scale;
        v_min_[gi * kDim + cg * kG + t] = sm.min;
        for (int d = 0; d < kG; ++d) c[t][cg * kG + d] = code_of(xs[d], sm);
      }
    std::uint8_t* vc = v_codes_.data() + gi * kVCodeBytes;
    for (int i = 0; i < kG / 2; ++i) {
      std::uint8_t b[2 * kDim];
      for (int d = 0; d < kDim; ++d) {
        b[2 * d] = c[2 * i][d];
        b[2 * d + 1] = c[2 * i + 1][d];
      }
      for (int m = 0; m < 2; ++m)
        for (int j = 0; j < 32; ++j)
          vc[i * 64 + m * 32 + j] = static_cast<std::uint8_t>(
              b[128 * m + j] | b[128 * m + 32 + j] << 2 | b[128 * m + 64 + j] << 4 | b[128 * m + 96 + j] << 6);
    }
  }
}

void KiviCache::append(const f16_bits* k, const f16_bits* v, std::int64_t n, std::int64_t head_stride) {
  if (n <= 0) return;
  const std::int64_t old_tokens = tokens();
  const std::int64_t new_tokens = old_tokens + n;
  const std::int64_t new_groups = new_tokens > kKiviResidual ? (new_tokens - kKiviResidual) / kG : 0;
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
  if (t >= quantised_) return f16_to_f32(res_k_[(static_cast<std::int64_t>(h) * kResCap + (t - quantised_)) * kDim + d]);
  const std::int64_t gi = h * max_groups_ + t / kG;
  const int tt = static_cast<int>(t % kG);
  const int code = (k_codes_[gi * kKCodeBytes + tt * 32 + d % 32] >> (2 * (d / 32))) & 3;
  return f16_to_f32(k_scale_[gi * kDim + d]) * code + f16_to_f32(k_min_[gi * kDim + d]);
}

float KiviCache::v_at(int h, std::int64_t t, int d) const {
  if (t >= quantised_) return f16_to_f32(res_v_[(static_cast<std::int64_t>(h) * kResCap + (t - quantised_)) * kDim + d]);
  const std::int64_t gi = h * max_groups_ + t / kG;
  const int tt = static_cast<int>(t % kG);
  const int logical = 2 * d + tt % 2;
  const int m = logical / 128, k = (logical % 128) / 32, b = logical % 32;
  const int code = (v_codes_[gi * kVCodeBytes + (tt / 2) * 64 + m * 32 + b] >> (2 * k)) & 3;
  const int cg = d / kG;
  return f16_to_f32(v_scale_[gi * kDim + cg * kG + tt]) * code + f16_to_f32(v_min_[gi * kDim + cg * kG + tt]);
}

namespace {

struct ResidualRows {
  const f16_bits* k_head;
  const f16_bits* v_head;
  const f16_bits* k(std::int64_t t) const { return k_head + t * kDim; }
  const f16_bits* v(std::int64_t t) const { return v_head + t * kDim; }
  void prefetch(std::int64_t) const {}  // at most 159 rows, already cache-resident after a step
};

struct GroupPtrs {
  const std::uint8_t* k_codes;
  const f16_bits* k_scale;
  const f16_bits* k_min;
  const std::uint8_t* v_codes;
  const f16_bits* v_scale;
  const f16_bits* v_min;
};

// 32 x fp32 (four vectors) -> 32 bytes in order, with signed or unsigned saturation.
template <bool kSigned>
KVC_AVX2_INLINE __m256i pack32(__m256 a, __m256 b, __m256 c, __m256 d) {
  const __m256i ia = _mm256_cvtps_epi32(a), ib = _mm256_cvtps_epi32(b);
  const __m256i ic = _mm256_cvtps_epi32(c), id = _mm256_cvtps_epi32(d);
  __m256i x;
  if constexpr (kSigned) x = _mm256_packs_epi16(_mm256_packs_epi32(ia, ib), _mm256_packs_epi32(ic, id));
  else x = _mm256_packus_epi16(_mm256_packus_epi32(ia, ib), _mm256_packus_epi32(ic, id));
  return _mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// One quantised group of 32 tokens for the 4 query heads of one KV head.
KVC_AVX2 void kivi_group_avx2(detail::GroupState& st, const float* qs, const GroupPtrs& gp) {
  using detail::kGroup;
  // Query prep: fold the per-channel K scale into q, quantise to int8 (one scale per head), and
  // precompute the K-min contribution q . min, shared by all 32 tokens.
  alignas(32) std::int8_t qi[kGroup][kDim];
  float sq[kGroup], bias[kGroup];
  for (int h = 0; h < kGroup; ++h) {
    alignas(32) float qk[kDim];
    __m256 mx = _mm256_setzero_ps(), b = _mm256_setzero_ps();
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (int c = 0; c < kDim; c += 8) {
      const __m256 qv = _mm256_load_ps(qs + h * kDim + c);
      const __m256 v = _mm256_mul_ps(qv, detail::load_f16x8(gp.k_scale + c));
      _mm256_store_ps(qk + c, v);
      mx = _mm256_max_ps(mx, _mm256_and_ps(v, abs_mask));
      b = _mm256_fmadd_ps(qv, detail::load_f16x8(gp.k_min + c), b);
    }
    const float m = detail::hmax256(mx);
    sq[h] = m / 127.0f;
    bias[h] = detail::hsum256(b);
    const __m256 inv = _mm256_set1_ps(m > 0.0f ? 127.0f / m : 0.0f);
    for (int c = 0; c < kDim; c += 32) {
      const __m256i p = pack32<true>(_mm256_mul_ps(_mm256_load_ps(qk + c), inv),
                                     _mm256_mul_ps(_mm256_load_ps(qk + c + 8), inv),
                                     _mm256_mul_ps(_mm256_load_ps(qk + c + 16), inv),
                                     _mm256_mul_ps(_mm256_load_ps(qk + c + 24), inv));
      _mm256_store_si256(reinterpret_cast<__m256i*>(qi[h] + c), p);
    }
  }

  // K phase: integer dot products, 8 tokens per reduction.
  const __m256i three = _mm256_set1_epi8(3);
  const __m256i ones16 = _mm256_set1_epi16(1);
  alignas(32) float s[kGroup][detail::kBlock];
  for (int t0 = 0; t0 < kG; t0 += 8) {
    __m256 part[kGroup][8];
    for (int t = 0; t < 8; ++t) {
      const __m256i p = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(gp.k_codes + (t0 + t) * 32));
      const __m256i u0 = _mm256_and_si256(p, three);
      const __m256i u1 = _mm256_and_si256(_mm256_srli_epi16(p, 2), three);
      const __m256i u2 = _mm256_and_si256(_mm256_srli_epi16(p, 4), three);
      const __m256i u3 = _mm256_and_si256(_mm256_srli_epi16(p, 6), three);
      for (int h = 0; h < kGroup; ++h) {
        const __m256i* qh = reinterpret_cast<const __m256i*>(qi[h]);
        __m256i acc = _mm256_maddubs_epi16(u0, _mm256_load_si256(qh));
        acc = _mm256_add_epi16(acc, _mm256_maddubs_epi16(u1, _mm256_load_si256(qh + 1)));
        acc = _mm256_add_epi16(acc, _mm256_maddubs_epi16(u2, _mm256_load_si256(qh + 2)));
        acc = _mm256_add_epi16(acc, _mm256_maddubs_epi16(u3, _mm256_load_si256(qh + 3)));
        part[h][t] = _mm256_cvtepi32_ps(_mm256_madd_epi16(acc, ones16));  // |sum| < 2^16: exact
      }
    }
    for (int h = 0; h < kGroup; ++h) {
      const __m256 sum = detail::reduce8(part[h][0], part[h][1], part[h][2], part[h][3], part[h][4],
                                         part[h][5], part[h][6], part[h][7]);
      _mm256_store_ps(s[h] + t0, _mm256_fmadd_ps(sum, _mm256_set1_ps(sq[h]), _mm256_set1_ps(bias[h])));
    }
  }

  float alpha[kGroup];
  detail::softmax_block_avx2(st, s, kG, alpha);

  // V weights: w = p * v_scale per (head, channel group, token), quantised to u8 per (head, group);
  // the V-min contribution sum_t p * v_min is exact in fp32.
  alignas(32) std::uint8_t wq[kGroup][kVGroups][kG];
  float ws[kGroup][kVGroups], mt[kGroup][kVGroups];
  for (int cg = 0; cg < kVGroups; ++cg) {
    __m256 vs[4], vm[4];
    for (int j = 0; j < 4; ++j) {
      vs[j] = detail::load_f16x8(gp.v_scale + cg * kG + 8 * j);
      vm[j] = detail::load_f16x8(gp.v_min + cg * kG + 8 * j);
    }
    for (int h = 0; h < kGroup; ++h) {
      __m256 w[4];
      __m256 mx = _mm256_setzero_ps(), msum = _mm256_setzero_ps();
      for (int j = 0; j < 4; ++j) {
        const __m256 p = _mm256_load_ps(s[h] + 8 * j);
        w[j] = _mm256_mul_ps(p, vs[j]);
        mx = _mm256_max_ps(mx, w[j]);
        msum = _mm256_fmadd_ps(p, vm[j], msum);
      }
      const float m = detail::hmax256(mx);
      ws[h][cg] = m / 255.0f;
      mt[h][cg] = detail::hsum256(msum);
      const __m256 inv = _mm256_set1_ps(m > 0.0f ? 255.0f / m : 0.0f);
      _mm256_store_si256(reinterpret_cast<__m256i*>(wq[h][cg]),
                         pack32<false>(_mm256_mul_ps(w[0], inv), _mm256_mul_ps(w[1], inv),
                                       _mm256_mul_ps(w[2], inv), _mm256_mul_ps(w[3], inv)));
    }
  }

  // Unpack the group's V codes once (4 KiB, L1), then one integer pass per head.
  alignas(32) __m256i u[kG / 2][8];
  for (int i = 0; i < kG / 2; ++i)
    for (int m = 0; m < 2; ++m) {
      const __m256i p = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(gp.v_codes + i * 64 + m * 32));
      u[i][4 * m + 0] = _mm256_and_si256(p, three);
      u[i][4 * m + 1] = _mm256_and_si256(_mm256_srli_epi16(p, 2), three);
      u[i][4 * m + 2] = _mm256_and_si256(_mm256_srli_epi16(p, 4), three);
      u[i][4 * m + 3] = _mm256_and_si256(_mm256_srli_epi16(p, 6), three);
    }
  for (int h = 0; h < kGroup; ++h) {
    __m256i acc[8];
    for (auto& a : acc) a = _mm256_setzero_si256();
    std::uint16_t wp[kVGroups][kG / 2];
    std::memcpy(wp, wq[h], sizeof wp);
    for (int i = 0; i < kG / 2; ++i) {
      __m256i w[kVGroups];
      for (int cg = 0; cg < kVGroups; ++cg) w[cg] = _mm256_set1_epi16(static_cast<short>(wp[cg][i]));
      // u[i][4m + k] covers channels 64m + 16k .. +15, i.e. channel group 2m + k/2.
      // Per pair |w0 c0 + w1 c1| <= 1530; 16 pairs <= 24480 fits int16.
      for (int mk = 0; mk < 8; ++mk)
        acc[mk] = _mm256_add_epi16(acc[mk], _mm256_maddubs_epi16(w[2 * (mk / 4) + (mk % 4) / 2], u[i][mk]));
    }
    const __m256 al = _mm256_set1_ps(alpha[h]);
    for (int mk = 0; mk < 8; ++mk) {
      const int d0 = 64 * (mk / 4) + 16 * (mk % 4);
      const int cg = d0 / kG;
      const __m256 scale = _mm256_set1_ps(ws[h][cg]);
      const __m256 minc = _mm256_set1_ps(mt[h][cg]);
      const __m256 lo = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(_mm256_castsi256_si128(acc[mk])));
      const __m256 hi = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(_mm256_extracti128_si256(acc[mk], 1)));
      float* a = st.acc[h] + d0;
      _mm256_store_ps(a, _mm256_fmadd_ps(_mm256_load_ps(a), al, _mm256_fmadd_ps(lo, scale, minc)));
      _mm256_store_ps(a + 8, _mm256_fmadd_ps(_mm256_load_ps(a + 8), al, _mm256_fmadd_ps(hi, scale, minc)));
    }
  }
}

}  // namespace

void decode_attention_kivi2(const GqaShape& shape, const KiviCache& c, const float* q, float* out, Isa isa) {
  const int dim = c.dim_;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  const std::int64_t groups = c.quantised_ / kG;
  if (is_vector(resolve_isa(isa)) && avx2_supports_shape(shape)) {
    [&]() KVC_AVX2 {
      alignas(32) float qs[detail::kGroup * kDim];
      detail::GroupState st;
      for (int kvh = 0; kvh < shape.kv_heads; ++kvh) {
        const float* qh = q + static_cast<std::int64_t>(kvh) * detail::kGroup * kDim;
        for (int i = 0; i < detail::kGroup * kDim; ++i) qs[i] = qh[i] * scale;
        st.reset();
        for (std::int64_t g = 0; g < groups; ++g) {
          const std::int64_t gi = kvh * c.max_groups_ + g;
          const GroupPtrs gp{c.k_codes_.data() + gi * kKCodeBytes, c.k_scale_.data() + gi * kDim,
                             c.k_min_.data() + gi * kDim,       c.v_codes_.data() + gi * kVCodeBytes,
                             c.v_scale_.data() + gi * kDim,     c.v_min_.data() + gi * kDim};
          kivi_group_avx2(st, qs, gp);
        }
        const std::int64_t res_off = static_cast<std::int64_t>(kvh) * kResCap * kDim;
        const ResidualRows rows{c.res_k_.data() + res_off, c.res_v_.data() + res_off};
        for (std::int64_t t0 = 0; t0 < c.residual_; t0 += detail::kBlock) {
          const int n = static_cast<int>(std::min<std::int64_t>(detail::kBlock, c.residual_ - t0));
          detail::f16_block_avx2(st, qs, rows, t0, n);
        }
        st.finish(out + static_cast<std::int64_t>(kvh) * detail::kGroup * kDim);
      }
    }();
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
