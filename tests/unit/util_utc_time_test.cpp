#include "util/utc_time.h"

#include <gtest/gtest.h>

namespace perfwarden::util {
namespace {

// Reference values: `date -u -d 2024-03-01 +%s` and friends.

TEST(UtilUtcTime, ParsesDatesAndTimes) {
  EXPECT_EQ(parse_utc_time("1970-01-01"), 0);
  EXPECT_EQ(parse_utc_time("2024-03-01"), 1709251200);
  EXPECT_EQ(parse_utc_time("2024-02-29"), 1709164800);
  EXPECT_EQ(parse_utc_time("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(parse_utc_time("2023-11-14 22:13:20"), 1700000000);
  EXPECT_EQ(parse_utc_time("2023-11-14T22:13Z"), 1700000000 - 20);
  EXPECT_EQ(parse_utc_time("2000-12-31T23:59:59Z"), 978307199);
}

TEST(UtilUtcTime, RejectsWhatIsNotADate) {
  for (const char* bad : {"", "2024", "2024-1-01", "2024-02-30", "2023-02-29", "2024-13-01",
                          "1969-12-31", "2024-01-01T25:00", "2024-01-01T12", "2024-01-01x",
                          "2024-01-01T12:00:60", "90d", "yesterday", "2024-01-01T12:00:00+02"}) {
    EXPECT_FALSE(parse_utc_time(bad)) << bad;
  }
}

TEST(UtilUtcTime, FormatsInUtc) {
  EXPECT_EQ(format_utc_date(1700000000), "2023-11-14");
  EXPECT_EQ(format_utc_time(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(format_utc_time(0), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace perfwarden::util
