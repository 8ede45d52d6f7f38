// Large aligned buffers and fast deterministic fills for KV-cache fixtures.
//
// perfwarden starts the benchmark binary ~25 times per gate run, so fixture setup is paid every
// time: fills use splitmix64 producing fp16 bit patterns directly instead of sampling a
// distribution and converting 64M floats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "fp16.h"

namespace perfwarden::kv_cache {

struct FreeDeleter {
  void operator()(void* p) const noexcept;
};

// Uninitialised, page-aligned (4 KiB).
template <class T>
using AlignedArray = std::unique_ptr<T[], FreeDeleter>;

void* allocate_aligned_bytes(std::size_t bytes);

template <class T>
AlignedArray<T> allocate_aligned(std::size_t count) {
  return AlignedArray<T>(static_cast<T*>(allocate_aligned_bytes(count * sizeof(T))));
}

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Random fp16 values with random sign, magnitude in [0.125, 2) (exponent and mantissa bits drawn
// directly: one splitmix64 draw gives four values with no float math, ~4x faster than a table or
// distribution). Tests convert the same bits to fp32, so references see identical data.
void fill_f16_random(f16_bits* out, std::size_t n, std::uint64_t seed);
void fill_f32_uniform(float* out, std::size_t n, std::uint64_t seed, float scale = 1.0f);

}  // namespace perfwarden::kv_cache
