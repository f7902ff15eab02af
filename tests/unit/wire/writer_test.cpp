#include "wire/writer.hpp"

#include <gtest/gtest.h>

namespace cpptls::wire {
namespace {

TEST(Writer, WritesEachIntegerWidthBigEndian) {
  Bytes out;
  Writer w(out);
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  w.u64(0x0b0c0d0e0f101112ULL);
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(out, (Bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                        0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12}));
  EXPECT_EQ(w.size(), 18U);
}

TEST(Writer, AppendsAfterExistingBytes) {
  Bytes out = {0xee, 0xee};
  Writer w(out);
  {
    auto body = w.u8_prefixed();
    w.u8(0x42);
  }
  EXPECT_EQ(out, (Bytes{0xee, 0xee, 0x01, 0x42}));
}

TEST(Writer, U24RejectsValuesThatDoNotFit) {
  Bytes out;
  Writer w(out);
  w.u24(0xffffff);
  EXPECT_TRUE(w.ok());
  w.u24(0x1000000);
  EXPECT_FALSE(w.ok());
}

TEST(Writer, BackPatchesNestedLengthPrefixes) {
  Bytes out;
  Writer w(out);
  {
    auto outer = w.u16_prefixed();
    {
      auto name = w.u8_prefixed();
      w.bytes(as_bytes("ab"));
    }
    {
      auto blob = w.u24_prefixed();
      w.u16(0xbeef);
      w.u8(0x01);
    }
    { auto empty = w.u16_prefixed(); }
  }
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(out, (Bytes{0x00, 0x0b,                    // outer: 11 bytes
                        0x02, 'a', 'b',                // u8 length 2
                        0x00, 0x00, 0x03, 0xbe, 0xef,  // u24 length 3
                        0x01,                          //
                        0x00, 0x00}));                 // empty u16 vector
}

TEST(Writer, U8PrefixHoldsAtMost255Bytes) {
  Bytes fits;
  Writer w_fits(fits);
  {
    auto body = w_fits.u8_prefixed();
    w_fits.bytes(Bytes(255, 0x5a));
  }
  EXPECT_TRUE(w_fits.ok());
  EXPECT_EQ(fits.front(), 0xff);

  Bytes too_long;
  Writer w(too_long);
  {
    auto body = w.u8_prefixed();
    w.bytes(Bytes(256, 0x5a));
  }
  EXPECT_FALSE(w.ok());
}

TEST(Writer, U16PrefixHoldsAtMost65535Bytes) {
  Bytes out;
  Writer w(out);
  {
    auto body = w.u16_prefixed();
    w.bytes(Bytes(0x10000, 0));
  }
  EXPECT_FALSE(w.ok());
}

TEST(Writer, AnOverflowingInnerPrefixMakesTheWholeWriterFail) {
  Bytes out;
  Writer w(out);
  {
    auto outer = w.u16_prefixed();
    auto inner = w.u8_prefixed();
    w.bytes(Bytes(300, 0));
  }
  EXPECT_FALSE(w.ok());
  // Later fields do not reset the failure.
  w.u8(1);
  EXPECT_FALSE(w.ok());
}

}  // namespace
}  // namespace cpptls::wire
