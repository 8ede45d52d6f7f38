#include "fill.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace perfwarden::kv_cache {

void FreeDeleter::operator()(void* p) const noexcept { std::free(p); }

void* allocate_aligned_bytes(std::size_t bytes) {
  // Page-aligned, as a real KV-cache allocator's buffers are: a row never straddles a page, and
  // F16/32K decode measured 4.9 -> 4.45 ms against 64-byte alignment (read bandwidth rose too).
  // No madvise(MADV_HUGEPAGE): with THP defrag=madvise the faults compact memory synchronously,
  // which made the 128 MiB fixture take ~310 ms instead of ~60 ms.
  const std::size_t align = 4096;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded == 0 ? align : rounded);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void fill_f16_random(f16_bits* out, std::size_t n, std::uint64_t seed) {
  // Per 16-bit lane: keep sign, the low two exponent bits and the mantissa; force the exponent's
  // high bits to 0b011 so the biased exponent is 12..15, i.e. |x| in [2^-3, 2).
  constexpr std::uint64_t kKeep = 0x8FFF8FFF8FFF8FFFull;
  constexpr std::uint64_t kSet = 0x3000300030003000ull;
  std::uint64_t state = seed;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const std::uint64_t r = (splitmix64(state) & kKeep) | kSet;
    std::memcpy(out + i, &r, sizeof r);
  }
  const std::uint64_t r = (splitmix64(state) & kKeep) | kSet;
  for (int j = 0; i < n; ++i, ++j) out[i] = static_cast<f16_bits>(r >> (16 * j));
}

void fill_f32_uniform(float* out, std::size_t n, std::uint64_t seed, float scale) {
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t r11 = static_cast<std::uint32_t>(splitmix64(state) >> 53);
    out[i] = scale * ((static_cast<int>(r11) - 1024) / 1024.0f);
  }
}

}  // namespace perfwarden::kv_cache
