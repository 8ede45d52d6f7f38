#include "pk_lookup/value.h"

#include <gtest/gtest.h>

namespace perfwarden::pk_lookup {
namespace {

TEST(Value, NumbersCompareAcrossIntegerAndReal) {
  EXPECT_EQ(compare_values(Value(1), Value(1.0)), 0);
  EXPECT_LT(compare_values(Value(1), Value(1.5)), 0);
  EXPECT_GT(compare_values(Value(2.5), Value(2)), 0);
  // 2^53 + 1 is not representable as a double; the comparison must still be exact.
  const std::int64_t big = (std::int64_t{1} << 53) + 1;
  EXPECT_GT(compare_values(Value(big), Value(static_cast<double>(std::int64_t{1} << 53))), 0);
}

TEST(Value, TypeOrderIsNullThenNumbersThenText) {
  EXPECT_LT(compare_values(Value(), Value(-5)), 0);
  EXPECT_LT(compare_values(Value(1e300), Value("")), 0);
  EXPECT_LT(compare_values(Value("a"), Value("b")), 0);
}

TEST(Value, NullNeverEqualsAnything) {
  EXPECT_FALSE(sql_equals(Value(), Value()));
  EXPECT_FALSE(sql_equals(Value(), Value(0)));
  EXPECT_TRUE(sql_equals(Value(3), Value(3.0)));
  EXPECT_FALSE(sql_equals(Value(3), Value("3")));  // no affinity applied here
}

TEST(Value, AffinityFromDeclaredTypeFollowsSqlite) {
  EXPECT_EQ(affinity_of_declared_type("INTEGER"), Affinity::kInteger);
  EXPECT_EQ(affinity_of_declared_type("INT"), Affinity::kInteger);
  EXPECT_EQ(affinity_of_declared_type("VARCHAR"), Affinity::kText);
  EXPECT_EQ(affinity_of_declared_type("DOUBLE PRECISION"), Affinity::kReal);
  EXPECT_EQ(affinity_of_declared_type(""), Affinity::kBlob);
  EXPECT_EQ(affinity_of_declared_type("DECIMAL"), Affinity::kNumeric);
}

TEST(Value, StoringConvertsLikeSqlite) {
  EXPECT_EQ(apply_affinity(Value("42"), Affinity::kInteger), Value(42));
  EXPECT_EQ(apply_affinity(Value(" 42 "), Affinity::kInteger), Value(42));
  EXPECT_EQ(apply_affinity(Value("4x"), Affinity::kInteger), Value("4x"));
  EXPECT_EQ(apply_affinity(Value(3.0), Affinity::kInteger), Value(3));
  EXPECT_EQ(apply_affinity(Value(3.5), Affinity::kInteger), Value(3.5));
  EXPECT_EQ(apply_affinity(Value(3), Affinity::kReal), Value(3.0));
  EXPECT_EQ(apply_affinity(Value(7), Affinity::kText), Value("7"));
  EXPECT_EQ(apply_affinity(Value(1.0), Affinity::kText), Value("1.0"));
}

}  // namespace
}  // namespace perfwarden::pk_lookup
