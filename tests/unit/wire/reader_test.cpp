#include "wire/reader.hpp"

#include <array>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace cpptls::wire {
namespace {

// The error of a failed read, checked for what every decode failure shares.
template <class T>
const Error& decode_error_of(const Expected<T>& result) {
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::decode);
  EXPECT_EQ(result.error().alert(), AlertDescription::decode_error);
  return result.error();
}

bool is_inside(ByteView part, ByteView whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

TEST(Reader, ReadsEachIntegerWidthBigEndian) {
  const std::array<std::uint8_t, 18> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                             0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
  Reader r(data);
  EXPECT_EQ(r.u8().value(), 0x01U);
  EXPECT_EQ(r.u16().value(), 0x0203U);
  EXPECT_EQ(r.u24().value(), 0x040506U);
  EXPECT_EQ(r.u32().value(), 0x0708090aU);
  EXPECT_EQ(r.u64().value(), 0x0b0c0d0e0f101112ULL);
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.offset(), data.size());
}

TEST(Reader, ReadsTopBitSetValuesWithoutSignExtension) {
  const Bytes data(8, 0xff);
  EXPECT_EQ(Reader(data).u8().value(), 0xffU);
  EXPECT_EQ(Reader(data).u16().value(), 0xffffU);
  EXPECT_EQ(Reader(data).u24().value(), 0xffffffU);
  EXPECT_EQ(Reader(data).u32().value(), 0xffffffffU);
  EXPECT_EQ(Reader(data).u64().value(), 0xffffffffffffffffULL);
}

TEST(Reader, ReadPastEndFailsWithoutAdvancing) {
  const std::array<std::uint8_t, 8> data = {1, 2, 3, 4, 5, 6, 7, 8};
  // One byte consumed first, so a failure must restore a non-zero offset.
  const auto fresh = [&data]() {
    Reader r(data);
    EXPECT_TRUE(r.u8().has_value());
    return r;
  };
  Reader r = fresh();
  const auto u64 = r.u64("sequence number");
  EXPECT_EQ(decode_error_of(u64).code(), ErrorCode::truncated);
  EXPECT_NE(u64.error().reason().find("sequence number"), std::string::npos);
  EXPECT_NE(u64.error().reason().find("needs 8 bytes, 7 left"), std::string::npos)
      << u64.error().reason();
  EXPECT_EQ(r.offset(), 1U);

  Reader at_end(ByteView(data).first(3));
  ASSERT_TRUE(at_end.u16().has_value());
  EXPECT_EQ(decode_error_of(at_end.u16()).code(), ErrorCode::truncated);
  EXPECT_EQ(decode_error_of(at_end.u24()).code(), ErrorCode::truncated);
  EXPECT_EQ(decode_error_of(at_end.u32()).code(), ErrorCode::truncated);
  EXPECT_EQ(at_end.offset(), 2U);
  // The cursor is still usable after the failures.
  EXPECT_EQ(at_end.u8().value(), 3U);
  EXPECT_EQ(decode_error_of(at_end.u8("alert level")).code(), ErrorCode::truncated);
  EXPECT_EQ(at_end.offset(), 3U);
}

TEST(Reader, BytesReturnsAViewIntoTheInput) {
  const std::array<std::uint8_t, 5> data = {9, 8, 7, 6, 5};
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto view = r.bytes(3, "random");
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->data(), data.data() + 1);
  EXPECT_EQ(view->size(), 3U);
  EXPECT_EQ(r.offset(), 4U);
  EXPECT_EQ(r.rest().size(), 1U);
}

TEST(Reader, BytesPastEndFailsWithoutAdvancing) {
  const std::array<std::uint8_t, 4> data = {1, 2, 3, 4};
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto view = r.bytes(4, "random");
  EXPECT_EQ(decode_error_of(view).code(), ErrorCode::truncated);
  EXPECT_NE(view.error().reason().find("random"), std::string::npos);
  EXPECT_EQ(r.offset(), 1U);
  // A zero-length read at the very end succeeds and stays put.
  ASSERT_TRUE(r.bytes(3).has_value());
  const auto empty = r.bytes(0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(r.offset(), 4U);
}

TEST(Reader, ExpectEndReportsTrailingBytesNamingTheField) {
  const std::array<std::uint8_t, 3> data = {1, 2, 3};
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto end = r.expect_end("server hello");
  EXPECT_EQ(decode_error_of(end).code(), ErrorCode::trailing_data);
  EXPECT_NE(end.error().reason().find("server hello"), std::string::npos);
  EXPECT_NE(end.error().reason().find('2'), std::string::npos) << end.error().reason();
  ASSERT_TRUE(r.u16().has_value());
  EXPECT_TRUE(r.expect_end("server hello").has_value());
}

TEST(Reader, ExpectEndSucceedsOnEmptyInput) {
  const Reader r{ByteView{}};
  EXPECT_TRUE(r.expect_end("nothing").has_value());
}

// Prefixed vectors, for each prefix width.
struct PrefixCase {
  std::size_t width;
  Expected<ByteView> (Reader::*read)(std::string_view, std::size_t, std::size_t);
};

class PrefixedRead : public ::testing::TestWithParam<PrefixCase> {
 protected:
  // A lead byte (so offsets are not zero), then a `width`-byte length, then `body` bytes.
  Bytes encode(std::size_t length, std::size_t body) const {
    Bytes out = {0xaa};
    for (std::size_t i = GetParam().width; i > 0; --i) {
      out.push_back(static_cast<std::uint8_t>(length >> (8 * (i - 1))));
    }
    for (std::size_t i = 0; i < body; ++i)
      out.push_back(static_cast<std::uint8_t>(i));
    return out;
  }
  Expected<ByteView> read(Reader& r, std::string_view what, std::size_t min,
                          std::size_t max) const {
    return (r.*GetParam().read)(what, min, max);
  }
};

TEST_P(PrefixedRead, ReturnsTheBodyAsAViewAndAdvancesPastIt) {
  const Bytes data = encode(4, 5);
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "cookie", 1, 10);
  ASSERT_TRUE(body.has_value()) << body.error().reason();
  EXPECT_EQ(body->size(), 4U);
  EXPECT_EQ(body->data(), data.data() + 1 + GetParam().width);
  EXPECT_TRUE(is_inside(*body, data));
  EXPECT_EQ(r.offset(), 1 + GetParam().width + 4);
  EXPECT_EQ(r.remaining(), 1U);
}

TEST_P(PrefixedRead, AcceptsLengthsEqualToTheBounds) {
  const Bytes at_min = encode(2, 2);
  Reader r_min(at_min);
  ASSERT_TRUE(r_min.u8().has_value());
  EXPECT_TRUE(read(r_min, "cookie", 2, 3).has_value());
  const Bytes at_max = encode(3, 3);
  Reader r_max(at_max);
  ASSERT_TRUE(r_max.u8().has_value());
  EXPECT_TRUE(read(r_max, "cookie", 2, 3).has_value());
}

TEST_P(PrefixedRead, RejectsLengthBelowMinimumWithoutAdvancing) {
  const Bytes data = encode(1, 1);
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "session id", 2, 32);
  EXPECT_EQ(decode_error_of(body).code(), ErrorCode::length_out_of_range);
  EXPECT_NE(body.error().reason().find("session id"), std::string::npos);
  EXPECT_NE(body.error().reason().find("length 1 is outside 2..32"), std::string::npos)
      << body.error().reason();
  EXPECT_EQ(r.offset(), 1U);
}

TEST_P(PrefixedRead, RejectsLengthAboveMaximumWithoutAdvancing) {
  const Bytes data = encode(33, 33);
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "session id", 0, 32);
  EXPECT_EQ(decode_error_of(body).code(), ErrorCode::length_out_of_range);
  EXPECT_NE(body.error().reason().find("session id length 33 is outside 0..32"), std::string::npos)
      << body.error().reason();
  EXPECT_EQ(r.offset(), 1U);
}

TEST_P(PrefixedRead, RejectsBodyLongerThanRemainingWithoutAdvancing) {
  const Bytes data = encode(10, 9);
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "extension data", 0, 100);
  EXPECT_EQ(decode_error_of(body).code(), ErrorCode::truncated);
  EXPECT_NE(body.error().reason().find("extension data"), std::string::npos);
  EXPECT_NE(body.error().reason().find("needs 10 bytes, 9 left"), std::string::npos)
      << body.error().reason();
  EXPECT_EQ(r.offset(), 1U);
  EXPECT_EQ(r.remaining(), data.size() - 1);
}

TEST_P(PrefixedRead, RejectsTruncatedLengthWithoutAdvancing) {
  Bytes data = encode(0, 0);
  data.pop_back();
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "alpn list", 0, 100);
  EXPECT_EQ(decode_error_of(body).code(), ErrorCode::truncated);
  EXPECT_NE(body.error().reason().find("alpn list"), std::string::npos);
  EXPECT_EQ(r.offset(), 1U);
}

TEST_P(PrefixedRead, RejectsAHugeDeclaredLengthWithoutReadingIt) {
  // The largest length the prefix can carry, with nothing behind it.
  const std::size_t largest = (std::size_t{1} << (8 * GetParam().width)) - 1;
  const Bytes data = encode(largest, 0);
  Reader r(data);
  ASSERT_TRUE(r.u8().has_value());
  const auto body = read(r, "certificate list", 0, largest);
  EXPECT_EQ(decode_error_of(body).code(), ErrorCode::truncated);
  EXPECT_EQ(r.offset(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Widths, PrefixedRead,
                         ::testing::Values(PrefixCase{1, &Reader::u8_prefixed},
                                           PrefixCase{2, &Reader::u16_prefixed},
                                           PrefixCase{3, &Reader::u24_prefixed}),
                         [](const auto& param_info) {
                           return "u" + std::to_string(param_info.param.width * 8);
                         });

TEST(Reader, DefaultBoundsAllowEveryLengthThePrefixCanCarry) {
  Bytes data = {0xff};
  data.resize(1 + 0xff, 0x11);
  Reader r(data);
  const auto body = r.u8_prefixed("padding");
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->size(), 0xffU);
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace cpptls::wire
