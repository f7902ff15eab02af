#pragma once
// The TIME of `cpptls verify --at TIME`: an RFC 3339 date-time ("2024-01-01T00:00:00Z",
// "2024-01-01T02:00:00+02:00"), a full-date ("2024-01-01", the start of that day in UTC) or a
// count of seconds since the Unix epoch ("1704067200").

#include <cstdint>
#include <optional>
#include <string_view>

namespace cpptls::tool {

// The latest time either form may name: 9999-12-31T23:59:59Z, the end of the four-digit years
// that RFC 3339 and X.509 GeneralizedTime can write.
constexpr std::int64_t kMaxTimeArg = 253402300799;

// Unix seconds, or nothing when `text` is not exactly one of the two forms.
//
// RFC 3339 5.6, strictly: "YYYY-MM-DD" "T" "hh:mm:ss" [ "." 1*DIGIT ] ( "Z" / ("+"/"-") "hh:mm" ),
// every field with exactly its digits, the day valid for its month (leap years included),
// hours 00-23, minutes 00-59, seconds 00-59, or 60 only for a leap second (at 23:59 UTC).
// "t", "z" and a space for the "T" are accepted (RFC 3339 5.6, NOTE). Fractions of a second
// are dropped, so the result is the whole second that contains the instant. A leap second
// counts as the first second of the next day, as POSIX time has no room for it. The result
// may be before 1970 (certificates can date from 1950) but not after kMaxTimeArg.
//
// Seconds since the epoch: 1 to 12 decimal digits (no sign, no spaces), at most kMaxTimeArg.
[[nodiscard]] std::optional<std::int64_t> parse_time_arg(std::string_view text) noexcept;

}  // namespace cpptls::tool
