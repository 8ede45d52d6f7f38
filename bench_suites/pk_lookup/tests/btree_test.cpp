#include "pk_lookup/btree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <vector>

namespace perfwarden::pk_lookup {
namespace {

// Payloads are fake addresses derived from the key, so a lookup proves it found the right entry.
std::vector<std::byte> payload_storage(1);
BPlusTree::Payload payload_for(std::int64_t key) {
  return payload_storage.data() + (static_cast<std::uint64_t>(key) & 0xffff) + 1;
}

TEST(BPlusTree, EmptyTreeFindsNothing) {
  BPlusTree tree;
  EXPECT_EQ(tree.find(1), nullptr);
  EXPECT_FALSE(tree.begin().valid());
  EXPECT_EQ(tree.check_invariants(), "");
}

TEST(BPlusTree, RandomOrderInsertsKeepInvariants) {
  std::mt19937_64 random(7);
  std::vector<std::int64_t> keys(60000);
  std::iota(keys.begin(), keys.end(), -20000);  // negative keys too
  std::shuffle(keys.begin(), keys.end(), random);
  BPlusTree tree;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(tree.insert(keys[i], payload_for(keys[i])));
    if (i % 5000 == 0 || i < 200) {
      ASSERT_EQ(tree.check_invariants(), "") << "after " << i;
    }
  }
  ASSERT_EQ(tree.check_invariants(), "");
  EXPECT_EQ(tree.size(), keys.size());
  EXPECT_EQ(tree.max_key(), 39999);
  // Splits happened at every level: 60k keys need at least three levels of 64-key nodes.
  const BPlusTree::Shape shape = tree.shape();
  EXPECT_GE(shape.height, 3);
  EXPECT_GT(shape.leaves, keys.size() / BPlusTree::kLeafCapacity);
  for (std::int64_t key : keys) ASSERT_EQ(tree.find(key), payload_for(key)) << key;
  EXPECT_EQ(tree.find(-20001), nullptr);
  EXPECT_EQ(tree.find(40000), nullptr);
}

TEST(BPlusTree, SparseRandomKeysIterateInOrder) {
  std::mt19937_64 random(11);
  std::uniform_int_distribution<std::int64_t> any(std::numeric_limits<std::int64_t>::min(),
                                                  std::numeric_limits<std::int64_t>::max());
  std::set<std::int64_t> expected;
  BPlusTree tree;
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t key = any(random);
    EXPECT_EQ(tree.insert(key, payload_for(key)), expected.insert(key).second);
  }
  ASSERT_EQ(tree.check_invariants(), "");
  std::vector<std::int64_t> walked;
  for (auto c = tree.begin(); c.valid(); c.next()) walked.push_back(c.key());
  EXPECT_TRUE(std::equal(walked.begin(), walked.end(), expected.begin(), expected.end()));
}

TEST(BPlusTree, ExtremeKeysAreOrdinaryKeys) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  BPlusTree tree;
  ASSERT_TRUE(tree.insert(kMax, payload_for(1)));
  ASSERT_TRUE(tree.insert(kMin, payload_for(2)));
  EXPECT_EQ(tree.find(kMax), payload_for(1));
  EXPECT_EQ(tree.find(kMin), payload_for(2));
  EXPECT_EQ(tree.find(0), nullptr);
  EXPECT_EQ(tree.check_invariants(), "");
}

TEST(BPlusTree, DuplicateInsertIsRejectedAndChangesNothing) {
  BPlusTree tree;
  ASSERT_TRUE(tree.insert(5, payload_for(5)));
  EXPECT_FALSE(tree.insert(5, payload_for(6)));
  EXPECT_EQ(tree.find(5), payload_for(5));
  EXPECT_EQ(tree.size(), 1u);
}

TEST(BPlusTree, AppendingLeavesFullNodes) {
  BPlusTree tree;
  constexpr std::int64_t kKeys = 64 * 1000;
  for (std::int64_t k = 1; k <= kKeys; ++k) ASSERT_TRUE(tree.insert(k, payload_for(k)));
  ASSERT_EQ(tree.check_invariants(), "");
  // An even split would leave ~2000 half-full leaves; the rightmost split leaves them full.
  EXPECT_EQ(tree.shape().leaves, static_cast<std::size_t>(kKeys / BPlusTree::kLeafCapacity));
}

TEST(BPlusTree, BulkLoadMatchesInsertsAndIsBalanced) {
  for (std::size_t n : {1u, 63u, 64u, 65u, 4161u, 100000u}) {
    std::vector<std::int64_t> keys(n);
    std::vector<BPlusTree::Payload> payloads(n);
    for (std::size_t i = 0; i < n; ++i) {
      keys[i] = static_cast<std::int64_t>(i) * 3 + 1;
      payloads[i] = payload_for(keys[i]);
    }
    BPlusTree tree;
    ASSERT_TRUE(tree.bulk_load(keys, payloads));
    ASSERT_EQ(tree.check_invariants(), "") << n;
    EXPECT_EQ(tree.size(), n);
    for (std::int64_t key : keys) ASSERT_EQ(tree.find(key), payload_for(key));
    EXPECT_EQ(tree.find(2), nullptr);
    // Inserting into a bulk-loaded tree splits its full nodes correctly.
    for (std::size_t i = 0; i < std::min<std::size_t>(n, 3000); ++i) {
      ASSERT_TRUE(tree.insert(keys[i] + 1, payload_for(keys[i] + 1)));
    }
    ASSERT_EQ(tree.check_invariants(), "") << n;
  }
}

TEST(BPlusTree, BulkLoadRejectsUnsortedKeysAndNonEmptyTrees) {
  BPlusTree tree;
  const std::vector<std::int64_t> unsorted = {1, 3, 2};
  const std::vector<BPlusTree::Payload> payloads(3, payload_for(1));
  EXPECT_FALSE(tree.bulk_load(unsorted, payloads));
  ASSERT_TRUE(tree.insert(1, payload_for(1)));
  const std::vector<std::int64_t> sorted = {2, 3, 4};
  EXPECT_FALSE(tree.bulk_load(sorted, payloads));
}

}  // namespace
}  // namespace perfwarden::pk_lookup
