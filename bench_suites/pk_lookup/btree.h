#pragma once

// The table's storage: a B+tree from a 64-bit rowid to an opaque payload (the row's record).
//
// Why this shape: a rowid seek is the operation the suite gates, so nodes are wide (64 keys, a few
// cache lines of keys searched without data-dependent branches), all nodes come from an arena, and
// leaves are linked so that a full scan is a walk along the leaf chain. Appending ever-larger
// rowids (the common INSERT) splits the rightmost node unevenly so that sequential inserts leave
// full nodes, as SQLite's balance_quick does. Rows are never deleted, so there is no merge.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "pk_lookup/arena.h"

namespace perfwarden::pk_lookup {

class BPlusTree {
 public:
  using Payload = const std::byte*;
  static constexpr std::uint32_t kLeafCapacity = 64;
  static constexpr std::uint32_t kInnerCapacity = 64;  // keys; children = keys + 1

  struct Leaf {
    std::int64_t keys[kLeafCapacity];
    Payload payloads[kLeafCapacity];
    Leaf* next;
    std::uint32_t count;
  };

  // Walks the leaf chain in key order.
  class Cursor {
   public:
    bool valid() const { return leaf_ != nullptr; }
    std::int64_t key() const { return leaf_->keys[index_]; }
    Payload payload() const { return leaf_->payloads[index_]; }
    void next() {
      if (++index_ == leaf_->count) {
        leaf_ = leaf_->next;
        index_ = 0;
      }
    }

   private:
    friend class BPlusTree;
    const Leaf* leaf_ = nullptr;
    std::uint32_t index_ = 0;
  };

  struct Shape {
    int height = 0;  // 0 when empty, 1 when the root is a leaf
    std::size_t leaves = 0;
    std::size_t inner_nodes = 0;
  };

  BPlusTree() = default;
  BPlusTree(const BPlusTree&) = delete;
  BPlusTree& operator=(const BPlusTree&) = delete;

  // False (and nothing changes) when the key is already present.
  bool insert(std::int64_t key, Payload payload);

  // nullptr when absent.
  Payload find(std::int64_t key) const;

  // Builds the tree from strictly increasing keys in one pass, nodes evenly filled. Only on an
  // empty tree; returns false otherwise or when the keys are not strictly increasing.
  bool bulk_load(std::span<const std::int64_t> keys, std::span<const Payload> payloads);

  Cursor begin() const;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::int64_t max_key() const { return max_key_; }  // only when !empty()
  Shape shape() const;

  // Empty when the tree is a valid B+tree: keys strictly increasing within nodes and along the
  // leaf chain, separators bounding their subtrees, every leaf at the same depth, no node over
  // capacity, every node but the root and the rightmost of each level at least half full.
  // Otherwise a description of the first violation.
  std::string check_invariants() const;

 private:
  struct Inner {
    std::int64_t keys[kInnerCapacity];  // keys[i] is the smallest key under children[i + 1]
    void* children[kInnerCapacity + 1];
    std::uint32_t count;  // keys
  };
  static constexpr int kMaxHeight = 40;

  Leaf* new_leaf();
  Inner* new_inner();
  void insert_separator(Inner* const* path, const std::uint32_t* slots, const bool* rightmost,
                        int depth, std::int64_t separator, void* right);
  std::string check_node(const void* node, int level, bool has_low, std::int64_t low, bool has_high,
                         std::int64_t high, bool rightmost, const Leaf** expected_leaf,
                         std::size_t* keys_seen) const;

  Arena nodes_;
  void* root_ = nullptr;
  int height_ = 0;
  std::size_t size_ = 0;
  std::int64_t max_key_ = 0;
  Leaf* first_leaf_ = nullptr;
};

}  // namespace perfwarden::pk_lookup
