#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/time.hpp"

namespace cpptls::x509::der {
namespace {

Expected<std::int64_t> decode(const Bytes& der) {
  Reader reader(der);
  auto element = reader.read_any("time");
  if (!element) return Unexpected<Error>(element.error());
  return decode_time(*element, "time");
}

Expected<std::int64_t> utc(std::string_view text) {
  return decode(testing::utc_time(text));
}
Expected<std::int64_t> gen(std::string_view text) {
  return decode(testing::generalized_time(text));
}

TEST(DerTime, UtcTimePivotsAt1950) {
  // RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
  EXPECT_EQ(utc("500101000000Z").value(), -631152000);  // 1950-01-01
  EXPECT_EQ(utc("491231235959Z").value(), 2524607999);  // 2049-12-31T23:59:59
  EXPECT_EQ(utc("700101000000Z").value(), 0);           // the epoch
  EXPECT_EQ(utc("000101000000Z").value(), 946684800);   // 2000-01-01
  EXPECT_EQ(utc("991231235959Z").value(), 946684799);   // 1999-12-31T23:59:59
}

TEST(DerTime, GeneralizedTimeCoversAnyYear) {
  EXPECT_EQ(gen("20500101000000Z").value(), 2524608000);
  EXPECT_EQ(gen("99991231235959Z").value(), 253402300799);
  EXPECT_EQ(gen("19691231235959Z").value(), -1);
  EXPECT_EQ(gen("00000101000000Z").value(), -62167219200);
  EXPECT_EQ(gen("20240301000000Z").value(), 1709251200);
}

TEST(DerTime, LeapYearsFollowTheGregorianRules) {
  EXPECT_TRUE(gen("20240229120000Z"));   // divisible by 4
  EXPECT_TRUE(gen("20000229120000Z"));   // divisible by 400
  EXPECT_FALSE(gen("19000229120000Z"));  // divisible by 100 only
  EXPECT_FALSE(gen("20230229120000Z"));
  EXPECT_TRUE(utc("960229000000Z"));
  EXPECT_EQ(gen("20240301000000Z").value() - gen("20240228000000Z").value(), 2 * 86400);
}

TEST(DerTime, RejectsImpossibleDates) {
  const auto feb30 = gen("20240230000000Z");
  ASSERT_FALSE(feb30);
  EXPECT_NE(feb30.error().reason().find("has day 30 in a month of 29 days"), std::string::npos)
      << feb30.error().reason();
  EXPECT_FALSE(gen("20240431000000Z"));  // April has 30 days
  EXPECT_FALSE(gen("20241301000000Z"));
  EXPECT_FALSE(gen("20240001000000Z"));
  EXPECT_FALSE(gen("20240100000000Z"));
  EXPECT_FALSE(gen("20240101240000Z"));
  EXPECT_FALSE(gen("20240101006000Z"));
  EXPECT_FALSE(gen("20240101000060Z"));  // no leap seconds in RFC 5280
  EXPECT_TRUE(gen("20241231235959Z"));
}

TEST(DerTime, RejectsOtherForms) {
  EXPECT_FALSE(utc("2401010000Z"));        // no seconds
  EXPECT_FALSE(utc("240101000000"));       // no Z
  EXPECT_FALSE(utc("240101000000+0100"));  // offset
  EXPECT_FALSE(gen("20240101000000.5Z"));  // fraction (RFC 5280 4.1.2.5.2)
  EXPECT_FALSE(gen("20240101000000"));     // local time
  EXPECT_FALSE(gen("2024010100000Z"));     // a digit short
  EXPECT_FALSE(utc("24010100000aZ"));      // non-digit
  EXPECT_FALSE(utc("-40101000000Z"));
  EXPECT_FALSE(decode(testing::printable("240101000000Z")));  // wrong tag
  const auto with_fraction = gen("20240101000000.5Z");
  ASSERT_FALSE(with_fraction);
  EXPECT_NE(with_fraction.error().reason().find("is not of the form YYYYMMDDHHMMSSZ"),
            std::string::npos)
      << with_fraction.error().reason();
}

TEST(DerTime, CivilConversionRoundTrips) {
  for (std::int64_t t :
       {std::int64_t{-62167219200}, std::int64_t{-1}, std::int64_t{0}, std::int64_t{951782400},
        std::int64_t{1709251200}, std::int64_t{2524607999}, std::int64_t{253402300799}}) {
    EXPECT_EQ(to_unix_seconds(from_unix_seconds(t)), t) << t;
  }
  EXPECT_EQ(format_time(1709251200), "2024-03-01T00:00:00Z");
  EXPECT_EQ(format_time(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2100, 2), 28);
}

}  // namespace
}  // namespace cpptls::x509::der
