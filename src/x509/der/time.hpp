#pragma once
// Certificate times (RFC 5280 4.1.2.5): UTCTime "YYMMDDHHMMSSZ" and GeneralizedTime
// "YYYYMMDDHHMMSSZ", always UTC, always with seconds, never with fractions. Converted to
// seconds since the Unix epoch (negative before 1970) with every field range-checked,
// leap years included.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "x509/der/tlv.hpp"

namespace cpptls::x509::der {

// Civil date and time in UTC.
struct CivilTime {
  int year = 1970;  // 0..9999
  int month = 1;    // 1..12
  int day = 1;      // 1..days in month
  int hour = 0;
  int minute = 0;
  int second = 0;  // 0..59: RFC 5280 has no leap seconds
};

[[nodiscard]] constexpr bool is_leap_year(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}
[[nodiscard]] int days_in_month(int year, int month) noexcept;

// Seconds since 1970-01-01T00:00:00Z; the fields must already be in range.
[[nodiscard]] std::int64_t to_unix_seconds(const CivilTime& time) noexcept;
// The inverse (for messages and tests); years outside 0..9999 are clamped.
[[nodiscard]] CivilTime from_unix_seconds(std::int64_t seconds) noexcept;
// "2024-03-01T00:00:00Z".
[[nodiscard]] std::string format_time(std::int64_t seconds);

// A UTCTime (tag 0x17) or GeneralizedTime (tag 0x18) element as Unix seconds. UTCTime years
// 50..99 are 1950..1999 and 00..49 are 2000..2049 (RFC 5280 4.1.2.5.1). RFC 5280 asks CAs to
// use UTCTime through 2049; a GeneralizedTime before 2050 is accepted, since reading it is
// unambiguous and CAs in the wild emit it.
[[nodiscard]] Expected<std::int64_t> decode_time(const Tlv& element, std::string_view what);

}  // namespace cpptls::x509::der
