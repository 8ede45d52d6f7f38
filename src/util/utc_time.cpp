#include "util/utc_time.h"

#include <ctime>

namespace perfwarden::util {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> number_at(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::string format(std::int64_t seconds, const char* pattern) {
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  if (gmtime_r(&time, &utc) == nullptr) return "?";
  char text[48];
  std::strftime(text, sizeof text, pattern, &utc);
  return text;
}

}  // namespace

std::optional<std::int64_t> parse_utc_time(std::string_view text) {
  // YYYY-MM-DD
  const auto year = number_at(text, 0, 4);
  const auto month = number_at(text, 5, 2);
  const auto day = number_at(text, 8, 2);
  if (!year || !month || !day || text.size() < 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  if (*year < 1970 || *month < 1 || *month > 12 || *day < 1 ||
      *day > days_in_month(*year, *month)) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  std::string_view rest = text.substr(10);
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
    if (!rest.empty() && rest.back() == 'Z') rest.remove_suffix(1);
    const auto h = number_at(rest, 1, 2);
    const auto m = number_at(rest, 4, 2);
    if (!h || !m || rest.size() < 6 || rest[3] != ':' || *h > 23 || *m > 59) return std::nullopt;
    hour = *h;
    minute = *m;
    if (rest.size() > 6) {
      const auto s = number_at(rest, 7, 2);
      if (!s || rest.size() != 9 || rest[6] != ':' || *s > 59) return std::nullopt;
      second = *s;
    }
  }
  // Days since the epoch by the civil-from-days inverse (Howard Hinnant's days_from_civil).
  const int y = *year - (*month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int year_of_era = y - era * 400;
  const int month_index = *month > 2 ? *month - 3 : *month + 9;
  const int day_of_year = (153 * month_index + 2) / 5 + *day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

std::string format_utc_date(std::int64_t seconds) { return format(seconds, "%Y-%m-%d"); }

std::string format_utc_time(std::int64_t seconds) { return format(seconds, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace perfwarden::util
