#include "sizing.h"

#include <array>
#include <cmath>

namespace perfwarden::kv_cache {

std::uint64_t kv_bytes_per_token(const KvModelShape& s) {
  return 2ull * static_cast<std::uint64_t>(s.layers) * static_cast<std::uint64_t>(s.kv_heads) *
         static_cast<std::uint64_t>(s.head_dim) * static_cast<std::uint64_t>(s.bytes_per_element);
}

std::uint64_t max_concurrent_users(std::uint64_t budget_bytes, std::uint64_t bytes_per_token,
                                   std::uint64_t context_tokens, double reduction) {
  if (bytes_per_token == 0 || context_tokens == 0 || reduction >= 1.0) return 0;
  if (reduction == 0.0) return budget_bytes / (bytes_per_token * context_tokens);  // exact path
  // Long double keeps the product exact enough that floor() cannot flip on rounding noise.
  const long double per_user = static_cast<long double>(bytes_per_token) *
                               static_cast<long double>(context_tokens) *
                               (1.0L - static_cast<long double>(reduction));
  return static_cast<std::uint64_t>(std::floor(static_cast<long double>(budget_bytes) / per_user));
}

namespace {
constexpr KvModelShape k70bFp8{80, 8, 128, 1};
constexpr std::array<SizingRow, 3> kTable{{
    {"70B-class FP8, H100 40 GB, 4K context", k70bFp8, 4096, 0.0, kH100KvBudgetBytes},
    {"70B-class FP8, H100 40 GB, 128K context", k70bFp8, 131072, 0.0, kH100KvBudgetBytes},
    {"70B-class FP8 with MLA (-93.3%), 128K context", k70bFp8, 131072, kMlaReduction,
     kH100KvBudgetBytes},
}};
}  // namespace

std::span<const SizingRow> sizing_table() { return kTable; }

std::uint64_t users_for(const SizingRow& row) {
  return max_concurrent_users(row.budget_bytes, kv_bytes_per_token(row.shape), row.context_tokens,
                              row.reduction);
}

}  // namespace perfwarden::kv_cache
