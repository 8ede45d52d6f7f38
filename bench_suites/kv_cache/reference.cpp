#include "reference.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace perfwarden::kv_cache {

void reference_attention_head(const float* q, const float* k, const float* v, std::int64_t tokens,
                              int k_dim, int v_dim, float scale, float* out) {
  std::vector<double> s(static_cast<std::size_t>(tokens));
  double mx = -INFINITY;
  for (std::int64_t t = 0; t < tokens; ++t) {
    double dot = 0.0;
    for (int d = 0; d < k_dim; ++d) dot += static_cast<double>(q[d]) * k[t * k_dim + d];
    s[t] = dot * scale;
    mx = std::max(mx, s[t]);
  }
  double sum = 0.0;
  for (auto& x : s) sum += (x = std::exp(x - mx));
  for (int d = 0; d < v_dim; ++d) {
    double acc = 0.0;
    for (std::int64_t t = 0; t < tokens; ++t) acc += s[t] * v[t * v_dim + d];
    out[d] = static_cast<float>(acc / sum);
  }
}

void reference_attention(const GqaShape& shape, const float* k, const float* v, std::int64_t tokens,
                         const float* q, float* out) {
  const int dim = shape.head_dim;
  const float scale = 1.0f / std::sqrt(static_cast<float>(dim));
  for (int h = 0; h < shape.q_heads; ++h) {
    const std::int64_t off = static_cast<std::int64_t>(h / shape.group()) * tokens * dim;
    reference_attention_head(q + h * dim, k + off, v + off, tokens, dim, dim, scale, out + h * dim);
  }
}

}  // namespace perfwarden::kv_cache
