#include "x509/der/time.hpp"

#include <string>

#include "x509/der/failure.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"

namespace cpptls::x509::der {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days from 1970-01-01 to year-month-day, counting in 400-year eras of 146097 days with the
// year starting in March so that the leap day falls last.
std::int64_t days_from_civil(int year, int month, int day) noexcept {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;                            // 0..399
  const std::int64_t shifted_month = month > 2 ? month - 3 : month + 9;      // March = 0
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;  // 0..365
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

// Reads `count` ASCII digits at `at`; -1 if any is not a digit.
int digits(ByteView text, std::size_t at, std::size_t count) noexcept {
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t c = text[at + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

int days_in_month(int year, int month) noexcept {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

std::int64_t to_unix_seconds(const CivilTime& t) noexcept {
  return days_from_civil(t.year, t.month, t.day) * kSecondsPerDay + std::int64_t{t.hour} * 3600 +
         std::int64_t{t.minute} * 60 + t.second;
}

CivilTime from_unix_seconds(std::int64_t seconds) noexcept {
  constexpr std::int64_t kMin = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr std::int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  if (seconds < kMin) seconds = kMin;
  if (seconds > kMax) seconds = kMax;
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) {
    rest += kSecondsPerDay;
    days -= 1;
  }
  CivilTime out;
  out.hour = static_cast<int>(rest / 3600);
  out.minute = static_cast<int>(rest / 60 % 60);
  out.second = static_cast<int>(rest % 60);
  // Inverse of days_from_civil.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  out.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  out.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  out.year = static_cast<int>(year_of_era + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

std::string format_time(std::int64_t seconds) {
  const CivilTime t = from_unix_seconds(seconds);
  auto two = [](int v) {
    return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
  };
  std::string year = std::to_string(t.year);
  if (year.size() < 4) year.insert(0, 4 - year.size(), '0');
  return year + "-" + two(t.month) + "-" + two(t.day) + "T" + two(t.hour) + ":" + two(t.minute) +
         ":" + two(t.second) + "Z";
}

Expected<std::int64_t> decode_time(const Tlv& element, std::string_view what) {
  const ByteView text = element.value;
  const bool utc = element.tag == tag::kUtcTime;
  if (!utc && element.tag != tag::kGeneralizedTime) {
    return malformed(ErrorCode::invalid_value, what,
                     "expected UTCTime or GeneralizedTime, found " + tag_name(element.tag),
                     element.offset);
  }
  const std::size_t year_digits = utc ? 2 : 4;
  const std::size_t expected_size = year_digits + 11;  // MMDDHHMMSS + 'Z'
  const char* kind = utc ? "UTCTime" : "GeneralizedTime";
  const char* form = utc ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ";
  if (text.size() != expected_size || text.back() != 'Z') {
    return malformed(ErrorCode::invalid_value, what,
                     std::string(kind) + " '" + printable_excerpt(text, 32) +
                         "' is not of the form " + form +
                         " (RFC 5280 4.1.2.5: UTC, seconds, no fraction)",
                     element.offset);
  }
  CivilTime t;
  t.year = digits(text, 0, year_digits);
  t.month = digits(text, year_digits, 2);
  t.day = digits(text, year_digits + 2, 2);
  t.hour = digits(text, year_digits + 4, 2);
  t.minute = digits(text, year_digits + 6, 2);
  t.second = digits(text, year_digits + 8, 2);
  // Built only on failure: a successful decode allocates nothing.
  auto bad = [&](const std::string& problem) {
    return malformed(ErrorCode::invalid_value, what,
                     std::string(kind) + " '" + printable_excerpt(text) + "' " + problem,
                     element.offset);
  };
  if (t.year < 0 || t.month < 0 || t.day < 0 || t.hour < 0 || t.minute < 0 || t.second < 0) {
    return bad("has a non-digit character");
  }
  if (utc) t.year += t.year >= 50 ? 1900 : 2000;  // RFC 5280 4.1.2.5.1
  if (t.month < 1 || t.month > 12) return bad("has month " + std::to_string(t.month));
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) {
    return bad("has day " + std::to_string(t.day) + " in a month of " +
               std::to_string(days_in_month(t.year, t.month)) + " days");
  }
  if (t.hour > 23 || t.minute > 59 || t.second > 59) {
    return bad("has a time of day out of range");
  }
  return to_unix_seconds(t);
}

}  // namespace cpptls::x509::der
