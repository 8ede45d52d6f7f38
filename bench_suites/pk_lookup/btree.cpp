#include "pk_lookup/btree.h"

#include <algorithm>
#include <new>
#include <string>
#include <vector>

namespace perfwarden::pk_lookup {
namespace {

// Number of keys <= key in the sorted keys[0, n). The loop runs log2(n) times whatever the key,
// and the comparison feeds a conditional move rather than a branch, so a random seek does not pay
// a branch misprediction per level (Khuong & Morin, "Array layouts for comparison-based search").
inline std::uint32_t count_not_greater(const std::int64_t* keys, std::uint32_t n,
                                       std::int64_t key) {
  if (n == 0) return 0;
  const std::int64_t* base = keys;
  while (n > 1) {
    const std::uint32_t half = n / 2;
    base = (base[half] <= key) ? base + half : base;
    n -= half;
  }
  return static_cast<std::uint32_t>(base - keys) + (*base <= key ? 1u : 0u);
}

// A node's keys span several cache lines and the binary search would miss on them one after the
// other (each probe depends on the last). Asking for all of them up front overlaps those misses.
template <std::size_t Bytes>
inline void prefetch_lines(const void* p) {
  for (std::size_t offset = 0; offset < Bytes; offset += 64) {
    __builtin_prefetch(static_cast<const char*>(p) + offset);
  }
}

std::string at_level(int level, const std::string& what) {
  return "level " + std::to_string(level) + ": " + what;
}

}  // namespace

BPlusTree::Leaf* BPlusTree::new_leaf() {
  auto* leaf = new (nodes_.allocate(sizeof(Leaf), 64)) Leaf;
  leaf->next = nullptr;
  leaf->count = 0;
  return leaf;
}

BPlusTree::Inner* BPlusTree::new_inner() {
  auto* inner = new (nodes_.allocate(sizeof(Inner), 64)) Inner;
  inner->count = 0;
  return inner;
}

BPlusTree::Payload BPlusTree::find(std::int64_t key) const {
  const void* node = root_;
  for (int level = height_; level > 1; --level) {
    const auto* inner = static_cast<const Inner*>(node);
    prefetch_lines<sizeof inner->keys>(inner->keys);
    node = inner->children[count_not_greater(inner->keys, inner->count, key)];
  }
  if (node == nullptr) return nullptr;
  const auto* leaf = static_cast<const Leaf*>(node);
  prefetch_lines<sizeof leaf->keys>(leaf->keys);
  const std::uint32_t i = count_not_greater(leaf->keys, leaf->count, key);
  return (i > 0 && leaf->keys[i - 1] == key) ? leaf->payloads[i - 1] : nullptr;
}

bool BPlusTree::insert(std::int64_t key, Payload payload) {
  if (root_ == nullptr) {
    first_leaf_ = new_leaf();
    root_ = first_leaf_;
    height_ = 1;
  }
  Inner* path[kMaxHeight];
  std::uint32_t slots[kMaxHeight];
  bool rightmost[kMaxHeight + 1];
  rightmost[0] = true;
  int depth = 0;
  void* node = root_;
  for (int level = height_; level > 1; --level, ++depth) {
    auto* inner = static_cast<Inner*>(node);
    const std::uint32_t slot = count_not_greater(inner->keys, inner->count, key);
    path[depth] = inner;
    slots[depth] = slot;
    rightmost[depth + 1] = rightmost[depth] && slot == inner->count;
    node = inner->children[slot];
  }
  auto* leaf = static_cast<Leaf*>(node);
  std::uint32_t pos = count_not_greater(leaf->keys, leaf->count, key);
  if (pos > 0 && leaf->keys[pos - 1] == key) return false;

  if (size_ == 0 || key > max_key_) max_key_ = key;
  ++size_;

  auto insert_at = [](Leaf* into, std::uint32_t at, std::int64_t k, Payload p) {
    std::copy_backward(into->keys + at, into->keys + into->count, into->keys + into->count + 1);
    std::copy_backward(into->payloads + at, into->payloads + into->count,
                       into->payloads + into->count + 1);
    into->keys[at] = k;
    into->payloads[at] = p;
    ++into->count;
  };
  if (leaf->count < kLeafCapacity) {
    insert_at(leaf, pos, key, payload);
    return true;
  }

  Leaf* right = new_leaf();
  right->next = leaf->next;
  leaf->next = right;
  const bool appending = pos == leaf->count && rightmost[depth];
  if (appending) {
    insert_at(right, 0, key, payload);  // left stays full: the next appends fill `right`
  } else {
    constexpr std::uint32_t kKeep = kLeafCapacity / 2;
    std::copy(leaf->keys + kKeep, leaf->keys + leaf->count, right->keys);
    std::copy(leaf->payloads + kKeep, leaf->payloads + leaf->count, right->payloads);
    right->count = leaf->count - kKeep;
    leaf->count = kKeep;
    if (pos <= kKeep) {
      insert_at(leaf, pos, key, payload);
    } else {
      insert_at(right, pos - kKeep, key, payload);
    }
  }
  insert_separator(path, slots, rightmost, depth, right->keys[0], right);
  return true;
}

// Adds `right` as the child after path[depth - 1]->children[slots[depth - 1]], splitting full
// inner nodes upwards and growing a new root when the old one splits.
void BPlusTree::insert_separator(Inner* const* path, const std::uint32_t* slots,
                                 const bool* rightmost, int depth, std::int64_t separator,
                                 void* right) {
  for (int d = depth - 1; d >= 0; --d) {
    Inner* inner = path[d];
    const std::uint32_t slot = slots[d];
    if (inner->count < kInnerCapacity) {
      std::copy_backward(inner->keys + slot, inner->keys + inner->count,
                         inner->keys + inner->count + 1);
      std::copy_backward(inner->children + slot + 1, inner->children + inner->count + 1,
                         inner->children + inner->count + 2);
      inner->keys[slot] = separator;
      inner->children[slot + 1] = right;
      ++inner->count;
      return;
    }
    // Full: lay out the kInnerCapacity + 1 keys and + 2 children, then cut.
    std::int64_t keys[kInnerCapacity + 1];
    void* children[kInnerCapacity + 2];
    std::copy(inner->keys, inner->keys + slot, keys);
    keys[slot] = separator;
    std::copy(inner->keys + slot, inner->keys + kInnerCapacity, keys + slot + 1);
    std::copy(inner->children, inner->children + slot + 1, children);
    children[slot + 1] = right;
    std::copy(inner->children + slot + 1, inner->children + kInnerCapacity + 1,
              children + slot + 2);

    const bool appending = slot == inner->count && rightmost[d];
    // `left_children` stay in `inner`; keys[left_children - 1] moves up.
    const std::uint32_t left_children = appending ? kInnerCapacity + 1 : (kInnerCapacity + 2) / 2;
    const std::uint32_t total_children = kInnerCapacity + 2;
    Inner* sibling = new_inner();
    std::copy(keys, keys + left_children - 1, inner->keys);
    std::copy(children, children + left_children, inner->children);
    inner->count = left_children - 1;
    std::copy(keys + left_children, keys + kInnerCapacity + 1, sibling->keys);
    std::copy(children + left_children, children + total_children, sibling->children);
    sibling->count = total_children - left_children - 1;
    separator = keys[left_children - 1];
    right = sibling;
  }
  Inner* root = new_inner();
  root->keys[0] = separator;
  root->children[0] = root_;
  root->children[1] = right;
  root->count = 1;
  root_ = root;
  ++height_;
}

bool BPlusTree::bulk_load(std::span<const std::int64_t> keys, std::span<const Payload> payloads) {
  if (root_ != nullptr || keys.size() != payloads.size()) return false;
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i - 1] >= keys[i]) return false;
  }
  if (keys.empty()) return true;

  // Even distribution: with k = ceil(n / capacity) nodes, each gets n / k or n / k + 1 entries,
  // so every node is at least half full (unlike filling all but a straggler).
  struct Entry {
    void* node;
    std::int64_t min_key;
  };
  std::vector<Entry> level;
  const std::size_t n = keys.size();
  std::size_t nodes = (n + kLeafCapacity - 1) / kLeafCapacity;
  level.reserve(nodes);
  Leaf* previous = nullptr;
  for (std::size_t i = 0, begin = 0; i < nodes; ++i) {
    const std::size_t end = n * (i + 1) / nodes;
    Leaf* leaf = new_leaf();
    std::copy(keys.begin() + begin, keys.begin() + end, leaf->keys);
    std::copy(payloads.begin() + begin, payloads.begin() + end, leaf->payloads);
    leaf->count = static_cast<std::uint32_t>(end - begin);
    if (previous != nullptr)
      previous->next = leaf;
    else
      first_leaf_ = leaf;
    previous = leaf;
    level.push_back({leaf, keys[begin]});
    begin = end;
  }
  height_ = 1;
  while (level.size() > 1) {
    const std::size_t m = level.size();
    nodes = (m + kInnerCapacity) / (kInnerCapacity + 1);
    std::vector<Entry> parents;
    parents.reserve(nodes);
    for (std::size_t i = 0, begin = 0; i < nodes; ++i) {
      const std::size_t end = m * (i + 1) / nodes;
      Inner* inner = new_inner();
      for (std::size_t c = begin; c < end; ++c) {
        inner->children[c - begin] = level[c].node;
        if (c > begin) inner->keys[c - begin - 1] = level[c].min_key;
      }
      inner->count = static_cast<std::uint32_t>(end - begin - 1);
      parents.push_back({inner, level[begin].min_key});
      begin = end;
    }
    level = std::move(parents);
    ++height_;
  }
  root_ = level.front().node;
  size_ = n;
  max_key_ = keys.back();
  return true;
}

BPlusTree::Cursor BPlusTree::begin() const {
  Cursor c;
  c.leaf_ = (first_leaf_ != nullptr && first_leaf_->count > 0) ? first_leaf_ : nullptr;
  return c;
}

BPlusTree::Shape BPlusTree::shape() const {
  Shape s;
  s.height = height_;
  for (const Leaf* l = first_leaf_; l != nullptr; l = l->next) ++s.leaves;
  // Inner nodes per level: walk the leftmost spine and count along each level by descending.
  std::vector<const void*> level_nodes;
  if (height_ > 1) level_nodes.push_back(root_);
  for (int level = height_; level > 1; --level) {
    s.inner_nodes += level_nodes.size();
    std::vector<const void*> below;
    for (const void* node : level_nodes) {
      const auto* inner = static_cast<const Inner*>(node);
      if (level > 2) below.insert(below.end(), inner->children, inner->children + inner->count + 1);
    }
    level_nodes = std::move(below);
  }
  return s;
}

std::string BPlusTree::check_invariants() const {
  if (root_ == nullptr) return size_ == 0 ? "" : "empty root but size " + std::to_string(size_);
  const Leaf* expected_leaf = first_leaf_;
  std::size_t keys_seen = 0;
  std::string error =
      check_node(root_, height_, false, 0, false, 0, true, &expected_leaf, &keys_seen);
  if (!error.empty()) return error;
  if (expected_leaf != nullptr) return "leaf chain continues past the last leaf of the tree";
  if (keys_seen != size_) {
    return "tree holds " + std::to_string(keys_seen) + " keys but size() is " +
           std::to_string(size_);
  }
  return "";
}

// Keys under `node` must lie in [low, high); `level` 1 is a leaf. Leaves are visited left to
// right and must be exactly the leaf chain, which also proves every leaf sits at the same depth.
std::string BPlusTree::check_node(const void* node, int level, bool has_low, std::int64_t low,
                                  bool has_high, std::int64_t high, bool rightmost,
                                  const Leaf** expected_leaf, std::size_t* keys_seen) const {
  const bool is_root = node == root_;
  if (level == 1) {
    const auto* leaf = static_cast<const Leaf*>(node);
    if (leaf != *expected_leaf) return at_level(level, "leaf is not the next one in the chain");
    *expected_leaf = leaf->next;
    if (leaf->count > kLeafCapacity) return at_level(level, "leaf over capacity");
    if (leaf->count == 0 && !is_root) return at_level(level, "empty leaf");
    if (!is_root && !rightmost && leaf->count < kLeafCapacity / 2) {
      return at_level(level, "leaf less than half full: " + std::to_string(leaf->count));
    }
    for (std::uint32_t i = 0; i < leaf->count; ++i) {
      const std::int64_t k = leaf->keys[i];
      if (i > 0 && leaf->keys[i - 1] >= k) return at_level(level, "leaf keys not increasing");
      if ((has_low && k < low) || (has_high && k >= high)) {
        return at_level(level, "key " + std::to_string(k) + " outside its separators");
      }
      if (leaf->payloads[i] == nullptr) return at_level(level, "null payload");
    }
    *keys_seen += leaf->count;
    if (leaf->next != nullptr && leaf->count > 0 && leaf->next->count > 0 &&
        leaf->next->keys[0] <= leaf->keys[leaf->count - 1]) {
      return at_level(level, "leaf chain not increasing");
    }
    return "";
  }
  const auto* inner = static_cast<const Inner*>(node);
  if (inner->count > kInnerCapacity) return at_level(level, "inner node over capacity");
  if (is_root && inner->count == 0) return at_level(level, "root with a single child");
  if (!is_root && !rightmost && inner->count + 1 < (kInnerCapacity + 1) / 2) {
    return at_level(level, "inner node less than half full: " + std::to_string(inner->count));
  }
  for (std::uint32_t i = 0; i <= inner->count; ++i) {
    if (i > 0 && i < inner->count && inner->keys[i - 1] >= inner->keys[i]) {
      return at_level(level, "separators not increasing");
    }
    const bool child_has_low = i > 0 || has_low;
    const std::int64_t child_low = i > 0 ? inner->keys[i - 1] : low;
    const bool child_has_high = i < inner->count || has_high;
    const std::int64_t child_high = i < inner->count ? inner->keys[i] : high;
    std::string error =
        check_node(inner->children[i], level - 1, child_has_low, child_low, child_has_high,
                   child_high, rightmost && i == inner->count, expected_leaf, keys_seen);
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace perfwarden::pk_lookup
