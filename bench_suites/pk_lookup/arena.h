#pragma once

// A bump allocator in large chunks. Rows are never updated or deleted in this engine, so records
// and tree nodes can live in an arena: one allocation per chunk instead of one per row, memory
// laid out in insertion order, and the whole table freed at once.
//
// Chunks grow geometrically (64 KiB doubling to 4 MiB) so that a three-row test table costs
// little, while a million-row table gets 2 MiB-aligned chunks backed by transparent huge pages:
// a random seek then misses the TLB far less often.

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <vector>

namespace perfwarden::pk_lookup {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Uninitialised, stable storage: addresses never move. `align` must be a power of two no
  // larger than 4096.
  std::byte* allocate(std::size_t bytes, std::size_t align = alignof(std::max_align_t));

  std::size_t bytes_reserved() const { return bytes_reserved_; }

 private:
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  void add_chunk(std::size_t at_least);

  std::vector<std::unique_ptr<std::byte[], Free>> chunks_;
  std::size_t next_chunk_bytes_ = std::size_t{64} << 10;
  std::byte* cursor_ = nullptr;
  std::byte* end_ = nullptr;
  std::size_t bytes_reserved_ = 0;
};

}  // namespace perfwarden::pk_lookup
