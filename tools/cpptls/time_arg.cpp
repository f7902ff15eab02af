#include "time_arg.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>

namespace cpptls::tool {
namespace {

// A cursor over the argument that reads fixed-width decimal fields and single characters.
class TimeText {
 public:
  explicit TimeText(std::string_view text) noexcept : text_(text) {}

  // Exactly `width` decimal digits.
  [[nodiscard]] std::optional<int> digits(std::size_t width) noexcept {
    if (text_.size() - pos_ < width) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += width;
    return value;
  }

  // The next character if it is one of `choices`.
  [[nodiscard]] std::optional<char> one_of(std::string_view choices) noexcept {
    if (pos_ == text_.size() || choices.find(text_[pos_]) == std::string_view::npos) {
      return std::nullopt;
    }
    return text_[pos_++];
  }

  // Skips one or more digits (a time-secfrac after its "."); false if there is none.
  [[nodiscard]] bool skip_digits() noexcept {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
      ++pos_;
    return pos_ > start;
  }

  [[nodiscard]] bool at_end() const noexcept { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

constexpr std::int64_t kSecondsPerDay = 86400;

// The fields of RFC 3339 5.6 "full-date" "T" "partial-time", checked for range.
struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

[[nodiscard]] std::optional<LocalTime> read_date_time(TimeText& text) noexcept {
  LocalTime t;
  const auto year = text.digits(4);
  if (!year || !text.one_of("-")) return std::nullopt;
  const auto month = text.digits(2);
  if (!month || !text.one_of("-")) return std::nullopt;
  const auto day = text.digits(2);
  if (!day || !text.one_of("Tt ")) return std::nullopt;
  const auto hour = text.digits(2);
  if (!hour || !text.one_of(":")) return std::nullopt;
  const auto minute = text.digits(2);
  if (!minute || !text.one_of(":")) return std::nullopt;
  const auto second = text.digits(2);
  if (!second) return std::nullopt;
  t = {*year, *month, *day, *hour, *minute, *second};
  // std::chrono checks the day against the month, leap years included.
  const std::chrono::year_month_day date{std::chrono::year{t.year},
                                         std::chrono::month{static_cast<unsigned>(t.month)},
                                         std::chrono::day{static_cast<unsigned>(t.day)}};
  if (!date.ok() || t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
  return t;
}

// RFC 3339 "time-offset" in seconds east of UTC: "Z" is 0, "+01:30" is 5400.
[[nodiscard]] std::optional<int> read_offset(TimeText& text) noexcept {
  if (text.one_of("Zz")) return 0;
  const auto sign = text.one_of("+-");
  if (!sign) return std::nullopt;
  const auto hours = text.digits(2);
  if (!hours || !text.one_of(":")) return std::nullopt;
  const auto minutes = text.digits(2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const int offset = (*hours * 60 + *minutes) * 60;
  return *sign == '-' ? -offset : offset;
}

[[nodiscard]] std::optional<std::int64_t> parse_rfc3339(std::string_view input) noexcept {
  TimeText text(input);
  const auto local = read_date_time(text);
  if (!local) return std::nullopt;
  if (text.one_of(".") && !text.skip_digits()) return std::nullopt;
  const auto offset = read_offset(text);
  if (!offset || !text.at_end()) return std::nullopt;

  const std::chrono::sys_days days{std::chrono::year{local->year} /
                                   std::chrono::month{static_cast<unsigned>(local->month)} /
                                   std::chrono::day{static_cast<unsigned>(local->day)}};
  const std::int64_t seconds_of_day =
      std::int64_t{local->hour} * 3600 + std::int64_t{local->minute} * 60 + local->second;
  const std::int64_t utc =
      std::int64_t{days.time_since_epoch().count()} * kSecondsPerDay + seconds_of_day - *offset;
  // RFC 3339 5.7: a leap second is the 61st second of the last minute of a UTC day; in any
  // other minute "60" is an error. (utc - 60) is then 23:59:00 UTC.
  if (local->second == 60) {
    const std::int64_t minute_start = utc - 60;
    const std::int64_t in_day = ((minute_start % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
    if (in_day != 23 * 3600 + 59 * 60) return std::nullopt;
  }
  if (utc > kMaxTimeArg) return std::nullopt;
  return utc;
}

[[nodiscard]] std::optional<std::int64_t> parse_epoch_seconds(std::string_view text) noexcept {
  // 12 digits reach past kMaxTimeArg, so the sum below cannot overflow.
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > kMaxTimeArg) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_time_arg(std::string_view text) noexcept {
  // A plain RFC 3339 full-date ("2024-01-01") is the start of that day in UTC: what a person
  // means by "verify as of that date".
  constexpr std::string_view kMidnight = "T00:00:00Z";
  constexpr std::size_t kFullDate = 10;
  if (text.size() == kFullDate && text[4] == '-') {
    std::array<char, kFullDate + kMidnight.size()> date_time{};
    std::copy(text.begin(), text.end(), date_time.begin());
    std::copy(kMidnight.begin(), kMidnight.end(), date_time.begin() + kFullDate);
    return parse_rfc3339(std::string_view(date_time.data(), date_time.size()));
  }
  // A date always has its "-" at index 4; an epoch count has only digits.
  if (text.size() > 4 && text[4] == '-') return parse_rfc3339(text);
  return parse_epoch_seconds(text);
}

}  // namespace cpptls::tool
