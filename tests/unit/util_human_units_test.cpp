#include <gtest/gtest.h>

#include "util/human_units.h"

namespace perfwarden::util {
namespace {

TEST(UtilHumanUnits, ParsesSizesWithBinarySuffixes) {
  EXPECT_EQ(parse_byte_size("4096"), 4096u);
  EXPECT_EQ(parse_byte_size("500M"), 500ull << 20);
  EXPECT_EQ(parse_byte_size("10G"), 10ull << 30);
  EXPECT_EQ(parse_byte_size("10g"), 10ull << 30);
  EXPECT_EQ(parse_byte_size("10GB"), 10ull << 30);
  EXPECT_EQ(parse_byte_size("10GiB"), 10ull << 30);
  EXPECT_EQ(parse_byte_size("1.5G"), 3ull << 29);
  EXPECT_EQ(parse_byte_size("2048K"), 2ull << 20);
  EXPECT_EQ(parse_byte_size("1T"), 1ull << 40);
  EXPECT_EQ(parse_byte_size("12B"), 12u);
}

TEST(UtilHumanUnits, RejectsWhatIsNotASize) {
  for (const char* text : {"", "G", "-1G", "+1G", " 1G", "1G ", "1.2.3G", "1X", "1GBB", "1BB",
                           "nan", "1e3", "99999999999999999999999T", "1Gi"}) {
    EXPECT_FALSE(parse_byte_size(text).has_value()) << text;
  }
}

TEST(UtilHumanUnits, ParsesAges) {
  EXPECT_EQ(parse_age("7d"), std::chrono::hours(24 * 7));
  EXPECT_EQ(parse_age("12h"), std::chrono::hours(12));
  EXPECT_EQ(parse_age("30m"), std::chrono::minutes(30));
  EXPECT_EQ(parse_age("90s"), std::chrono::seconds(90));
  EXPECT_EQ(parse_age("2w"), std::chrono::hours(24 * 14));
  EXPECT_EQ(parse_age("1.5d"), std::chrono::hours(36));
  EXPECT_EQ(parse_age("0d"), std::chrono::seconds(0));
  for (const char* text : {"", "7", "d", "7dd", "-7d", "7y", "1e9d", "99999999999999999999w"}) {
    EXPECT_FALSE(parse_age(text).has_value()) << text;
  }
}

TEST(UtilHumanUnits, FormatsSizesAndAges) {
  EXPECT_EQ(format_byte_size(512), "512 B");
  EXPECT_EQ(format_byte_size(12 * 1024), "12 KiB");
  EXPECT_EQ(format_byte_size(1288490188), "1.1 GiB");  // 1.2 GiB less a byte rounds down
  EXPECT_EQ(format_byte_size(340ull << 20), "340 MiB");
  EXPECT_EQ(format_age(std::chrono::seconds(40)), "40s");
  EXPECT_EQ(format_age(std::chrono::hours(5)), "5h");
  EXPECT_EQ(format_age(std::chrono::hours(80)), "3d");
}

}  // namespace
}  // namespace perfwarden::util
