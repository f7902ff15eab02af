#include "base/hex.hpp"

#include <gtest/gtest.h>

namespace cpptls {
namespace {

TEST(Hex, RoundTripsBytes) {
  const Bytes bytes = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(bytes), "0001abff");
  EXPECT_EQ(from_hex("0001abff"), bytes);
}

TEST(Hex, SkipsWhiteSpaceAsPrintedInRfcs) {
  EXPECT_EQ(from_hex("00 01\n ab\tFF"), (Bytes{0x00, 0x01, 0xab, 0xff}));
}

TEST(Hex, RejectsOddDigitCountAndNonHex) {
  EXPECT_FALSE(from_hex("abc").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
}

TEST(Hex, FormatsSmallIntegers) {
  EXPECT_EQ(to_hex_u8(0x0a), "0a");
  EXPECT_EQ(to_hex_u16(0x1301), "1301");
}

}  // namespace
}  // namespace cpptls
