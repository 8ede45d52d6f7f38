// KV-cache sizing model: how many concurrent decode users fit in a memory budget.
//
// Decode reads the whole KV cache per token, so its size bounds both capacity (users that fit)
// and speed (bytes per token). The model is deliberately tiny and exact:
//   KV bytes per token = 2 (K and V) * layers * kv_heads * head_dim * bytes_per_element.
//
// Budget interpretation (checked by tests): "40 GB free for KV" is 40e9 bytes (decimal GB).
// Only under that reading do all three quoted figures hold for the 70B-class model
// (80 layers, 8 KV heads, head_dim 128, FP8): 59 users at 4,096 tokens, 1 at 131,072 tokens
// and 27 with MLA's 93.3% reduction at 131,072 tokens. (40 GiB would give 64, 2 and 29.)
#pragma once

#include <cstdint>
#include <span>

namespace perfwarden::kv_cache {

struct KvModelShape {
  int layers;
  int kv_heads;
  int head_dim;
  int bytes_per_element;  // 1 for FP8, 2 for FP16/BF16
};

std::uint64_t kv_bytes_per_token(const KvModelShape& shape);

// Users that fit: floor(budget / (bytes_per_token * context_tokens * (1 - reduction))).
// `reduction` is the fraction of the cache removed (0.933 for "MLA saves 93.3%"); 0 for none.
std::uint64_t max_concurrent_users(std::uint64_t budget_bytes, std::uint64_t bytes_per_token,
                                   std::uint64_t context_tokens, double reduction = 0.0);

// DeepSeek-V2 MLA caches one compressed latent (512) plus a shared decoupled RoPE key (64)
// per layer-token; the MHA it replaces caches K and V for 128 heads of dim 128.
inline constexpr int kMlaLatentDim = 512;
inline constexpr int kMlaRopeDim = 64;
inline constexpr int kMlaCachedElementsPerLayerToken = kMlaLatentDim + kMlaRopeDim;  // 576
inline constexpr int kDeepSeekV2MhaElementsPerLayerToken = 128 * 128 * 2;            // 32,768

inline constexpr std::uint64_t kH100KvBudgetBytes = 40'000'000'000;  // "40 GB" = 40e9 bytes
inline constexpr double kMlaReduction = 0.933;

struct SizingRow {
  const char* scenario;
  KvModelShape shape;
  std::uint64_t context_tokens;
  double reduction;
  std::uint64_t budget_bytes;
};

// The scenarios quoted in the issue; users for a row = max_concurrent_users(...) of its fields.
std::span<const SizingRow> sizing_table();
std::uint64_t users_for(const SizingRow& row);

}  // namespace perfwarden::kv_cache
