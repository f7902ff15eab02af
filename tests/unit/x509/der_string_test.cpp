#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/string.hpp"

namespace cpptls::x509::der {
namespace {

Expected<void> check(const Bytes& der) {
  Reader reader(der);
  auto element = reader.read_any("value");
  if (!element) return Unexpected<Error>(element.error());
  return check_string(*element, "value");
}

Bytes with_tag(std::uint8_t tag, const Bytes& contents) {
  return testing::tlv(tag, contents);
}

TEST(DerString, PrintableStringCharacterSet) {
  EXPECT_TRUE(check(testing::printable("Example Org (Test) 1-2/3:4=5?+,.'")));
  // '*' and '&' are outside X.680's set but common in real names; accepted on purpose.
  EXPECT_TRUE(check(testing::printable("*.example.com")));
  EXPECT_TRUE(check(testing::printable("AT&T")));
  EXPECT_FALSE(check(testing::printable("user@example.com")));
  EXPECT_FALSE(check(testing::printable("under_score")));
  EXPECT_FALSE(check(testing::printable("caf\xc3\xa9")));
}

TEST(DerString, Ia5StringMustBeAscii) {
  EXPECT_TRUE(check(testing::ia5("admin@example.org")));
  const Bytes der = testing::ia5("ab\xc3\xa9");
  const auto result = check(der);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason(), "value: IA5String contains a non-ASCII byte 0xc3 at offset 4");
}

TEST(DerString, Utf8StringMustBeWellFormed) {
  EXPECT_TRUE(check(testing::utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x9c")));
  EXPECT_FALSE(check(testing::utf8("\xc0\xaf")));          // overlong '/'
  EXPECT_FALSE(check(testing::utf8("\xe0\x80\xaf")));      // overlong
  EXPECT_FALSE(check(testing::utf8("\xed\xa0\x80")));      // surrogate
  EXPECT_FALSE(check(testing::utf8("\xf4\x90\x80\x80")));  // above U+10FFFF
  EXPECT_FALSE(check(testing::utf8("\xc3")));              // truncated
  EXPECT_FALSE(check(testing::utf8("\x80")));              // stray continuation
}

TEST(DerString, WideStringsHaveWholeCodeUnits) {
  EXPECT_TRUE(check(with_tag(0x1e, {0x00, 0x41, 0x00, 0x42})));
  EXPECT_FALSE(check(with_tag(0x1e, {0x00, 0x41, 0x00})));
  EXPECT_TRUE(check(with_tag(0x1c, {0x00, 0x00, 0x00, 0x41})));
  EXPECT_FALSE(check(with_tag(0x1c, {0x00, 0x00, 0x41})));
}

TEST(DerString, ChecksNumericVisibleAndTeletexStrings) {
  EXPECT_TRUE(check(with_tag(0x12, testing::text_bytes("123 456"))));
  EXPECT_FALSE(check(with_tag(0x12, testing::text_bytes("12a"))));
  EXPECT_TRUE(check(with_tag(0x1a, testing::text_bytes("visible text"))));
  EXPECT_FALSE(check(with_tag(0x1a, testing::text_bytes("tab\there"))));
  EXPECT_TRUE(check(with_tag(0x14, {0xe9, 0x00, 0xff})));  // Teletex: any bytes
}

TEST(DerString, DisplaysEveryEncodingAsUtf8) {
  EXPECT_EQ(display_string(0x1e, Bytes{0x00, 0x63, 0x00, 0xe9}), "c\xc3\xa9");
  EXPECT_EQ(display_string(0x1c, Bytes{0x00, 0x01, 0xf6, 0x1c}), "\xf0\x9f\x98\x9c");
  EXPECT_EQ(display_string(0x14, Bytes{0x63, 0xe9}), "c\xc3\xa9");
  EXPECT_EQ(display_string(0x0c, testing::text_bytes("a\nb")), "a\\x0ab");
  EXPECT_EQ(display_string(0x0c, Bytes{0x61, 0xff}), "a\\xff");
  EXPECT_EQ(printable_excerpt(testing::text_bytes("abc\x01"), 3), "abc...");
}

}  // namespace
}  // namespace cpptls::x509::der
