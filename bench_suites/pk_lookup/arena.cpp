#include "pk_lookup/arena.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace perfwarden::pk_lookup {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kMaxChunk = std::size_t{4} << 20;

std::uintptr_t align_up(std::uintptr_t address, std::size_t align) {
  return (address + align - 1) & ~(std::uintptr_t{align} - 1);
}

}  // namespace

void Arena::add_chunk(std::size_t at_least) {
  std::size_t bytes = next_chunk_bytes_;
  while (bytes < at_least) bytes *= 2;
  if (next_chunk_bytes_ < kMaxChunk) next_chunk_bytes_ *= 2;
  const bool huge = bytes >= kHugePage;
  if (huge) bytes = align_up(bytes, kHugePage);
  void* memory = std::aligned_alloc(huge ? kHugePage : 4096, bytes);
  if (memory == nullptr) throw std::bad_alloc();
  // Only a hint: without THP (or in "never" mode) this fails and 4 KiB pages work the same.
  if (huge) madvise(memory, bytes, MADV_HUGEPAGE);
  chunks_.emplace_back(static_cast<std::byte*>(memory));
  cursor_ = chunks_.back().get();
  end_ = cursor_ + bytes;
  bytes_reserved_ += bytes;
}

std::byte* Arena::allocate(std::size_t bytes, std::size_t align) {
  auto aligned = align_up(reinterpret_cast<std::uintptr_t>(cursor_), align);
  if (cursor_ == nullptr || aligned + bytes > reinterpret_cast<std::uintptr_t>(end_)) {
    add_chunk(bytes + align);
    aligned = align_up(reinterpret_cast<std::uintptr_t>(cursor_), align);
  }
  cursor_ = reinterpret_cast<std::byte*>(aligned + bytes);
  return reinterpret_cast<std::byte*>(aligned);
}

}  // namespace perfwarden::pk_lookup
