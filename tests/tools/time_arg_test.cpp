// The TIME argument of `cpptls verify --at`: RFC 3339 date-times and epoch seconds, strictly.

#include "time_arg.hpp"

#include <gtest/gtest.h>

namespace cpptls::tool {
namespace {

TEST(TimeArg, ReadsAPlainDateAsTheStartOfThatDayInUtc) {
  EXPECT_EQ(parse_time_arg("1970-01-01"), 0);
  EXPECT_EQ(parse_time_arg("2024-01-01"), 1704067200);
  EXPECT_EQ(parse_time_arg("2024-02-29"), 1709164800);
  EXPECT_FALSE(parse_time_arg("2023-02-29"));  // not a leap year
  EXPECT_FALSE(parse_time_arg("2024-13-01"));
  EXPECT_FALSE(parse_time_arg("2024-1-01"));
}

TEST(TimeArg, ReadsRfc3339InUtc) {
  EXPECT_EQ(parse_time_arg("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_time_arg("2024-01-01T00:00:00Z"), 1704067200);
  EXPECT_EQ(parse_time_arg("2000-02-29T12:34:56Z"), 951827696);
  EXPECT_EQ(parse_time_arg("2038-01-19T03:14:08Z"), 2147483648);
}

TEST(TimeArg, AppliesNumericOffsets) {
  // RFC 3339 5.6: the local time minus its offset is UTC.
  EXPECT_EQ(parse_time_arg("2024-01-01T02:00:00+02:00"), 1704067200);
  EXPECT_EQ(parse_time_arg("2023-12-31T19:30:00-04:30"), 1704067200);
  EXPECT_EQ(parse_time_arg("2024-01-01T00:00:00+00:00"), 1704067200);
  EXPECT_EQ(parse_time_arg("2024-01-01T00:00:00-00:00"), 1704067200);
}

TEST(TimeArg, AcceptsLowerCaseAndSpaceSeparator) {
  // RFC 3339 5.6 NOTE: "T" and "Z" may be lower case; a space may separate date and time.
  EXPECT_EQ(parse_time_arg("2024-01-01t00:00:00z"), 1704067200);
  EXPECT_EQ(parse_time_arg("2024-01-01 00:00:00Z"), 1704067200);
}

TEST(TimeArg, DropsFractionsOfASecond) {
  EXPECT_EQ(parse_time_arg("2024-01-01T00:00:00.999Z"), 1704067200);
  EXPECT_EQ(parse_time_arg("2024-01-01T00:00:01.5+00:00"), 1704067201);
  EXPECT_EQ(parse_time_arg("1969-12-31T23:59:59.75Z"), -1);
}

TEST(TimeArg, ReadsTimesBeforeTheEpoch) {
  EXPECT_EQ(parse_time_arg("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(parse_time_arg("1950-01-01T00:00:00Z"), -631152000);
}

TEST(TimeArg, ReadsEpochSeconds) {
  EXPECT_EQ(parse_time_arg("0"), 0);
  EXPECT_EQ(parse_time_arg("1704067200"), 1704067200);
  EXPECT_EQ(parse_time_arg("253402300799"), kMaxTimeArg);
  EXPECT_EQ(parse_time_arg("9999-12-31T23:59:59Z"), kMaxTimeArg);
}

TEST(TimeArg, RejectsEpochSecondsWithSignsSpacesOrTooManyDigits) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "1.5", "0x10", "1e9", "253402300800",
                           "1000000000000", "99999999999999999999999"}) {
    EXPECT_FALSE(parse_time_arg(text)) << text;
  }
}

TEST(TimeArg, RejectsDaysThatTheMonthDoesNotHave) {
  EXPECT_FALSE(parse_time_arg("2023-02-29T00:00:00Z"));  // 2023 is not a leap year
  EXPECT_FALSE(parse_time_arg("1900-02-29T00:00:00Z"));  // nor 1900 (divisible by 100)
  EXPECT_TRUE(parse_time_arg("2000-02-29T00:00:00Z"));   // 2000 is (divisible by 400)
  EXPECT_FALSE(parse_time_arg("2024-04-31T00:00:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-00-10T00:00:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-13-10T00:00:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-01-00T00:00:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-01-32T00:00:00Z"));
}

TEST(TimeArg, RejectsOutOfRangeTimesAndOffsets) {
  EXPECT_FALSE(parse_time_arg("2024-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-01-01T00:60:00Z"));
  EXPECT_FALSE(parse_time_arg("2024-01-01T00:00:61Z"));
  EXPECT_FALSE(parse_time_arg("2024-01-01T00:00:00+24:00"));
  EXPECT_FALSE(parse_time_arg("2024-01-01T00:00:00+01:60"));
}

TEST(TimeArg, AcceptsALeapSecondOnlyInTheLastUtcMinuteOfADay) {
  // RFC 3339 5.7: 23:59:60 UTC, here counted as the next day's first second.
  EXPECT_EQ(parse_time_arg("2016-12-31T23:59:60Z"), 1483228800);
  EXPECT_EQ(parse_time_arg("2016-12-31T15:59:60-08:00"), 1483228800);
  EXPECT_FALSE(parse_time_arg("2016-12-31T12:00:60Z"));
  EXPECT_FALSE(parse_time_arg("2016-12-31T23:59:60+01:00"));
}

TEST(TimeArg, RejectsWrongShapes) {
  for (const char* text : {
           "2024-01-01T00:00:00",        // no offset
           "2024-01-01T00:00Z",          // no seconds
           "2024-1-01T00:00:00Z",        // one-digit month
           "24-01-01T00:00:00Z",         // two-digit year
           "+2024-01-01T00:00:00Z",      // signed year
           "2024-01-01T00:00:00.Z",      // "." without digits
           "2024-01-01T00:00:00+0100",   // offset without ":"
           "2024-01-01T00:00:00+01",     // offset without minutes
           "2024-01-01T00:00:00Z ",      // trailing space
           " 2024-01-01T00:00:00Z",      // leading space
           "2024-01-01T00:00:00ZZ",      // trailing text
           "2024-01-01X00:00:00Z",       // wrong separator
           "2024/01/01T00:00:00Z",       // wrong date separator
           "2024-01-01T00:00:00UTC",     // zone name
           "10000-01-01T00:00:00Z",      // five-digit year
           "9999-12-31T23:59:59-00:01",  // past 9999 in UTC
           "2024-01-01T0a:00:00Z",       // not a digit
           "now",
       }) {
    EXPECT_FALSE(parse_time_arg(text)) << text;
  }
}

}  // namespace
}  // namespace cpptls::tool
