#include <gtest/gtest.h>

#include "der_builder.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/tag.hpp"

namespace cpptls::x509::der {
namespace {

using testing::seq;
using testing::tlv;

Expected<Tlv> read_one(const Bytes& der) {
  Reader reader(der);
  return reader.read_any("element");
}

void expect_failure(const Expected<Tlv>& result, ErrorCode code, std::string_view text) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), code) << result.error().reason();
  EXPECT_EQ(result.error().kind(), ErrorKind::decode);
  EXPECT_EQ(result.error().alert(), AlertDescription::bad_certificate);
  EXPECT_NE(result.error().reason().find(text), std::string::npos) << result.error().reason();
}

TEST(DerReader, ReadsShortAndLongFormLengths) {
  auto short_form = read_one({0x04, 0x02, 0xaa, 0xbb});
  ASSERT_TRUE(short_form);
  EXPECT_EQ(short_form->value.size(), 2U);
  EXPECT_EQ(short_form->value_offset, 2U);

  Bytes long_value(200, 0x55);
  const Bytes long_form = tlv(0x04, long_value);
  ASSERT_EQ(long_form[1], 0x81);
  auto parsed = read_one(long_form);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->value.size(), 200U);
  EXPECT_EQ(parsed->encoding.size(), 203U);
}

TEST(DerReader, RejectsLongFormForAShortLength) {
  expect_failure(read_one({0x04, 0x81, 0x05, 1, 2, 3, 4, 5}), ErrorCode::length_out_of_range,
                 "non-minimal length: 5 is written in the long form");
}

TEST(DerReader, RejectsLengthWithLeadingZeroOctet) {
  Bytes der = {0x04, 0x82, 0x00, 0x80};
  der.resize(4 + 0x80, 0);
  expect_failure(read_one(der), ErrorCode::length_out_of_range, "starts with a zero octet");
}

TEST(DerReader, RejectsIndefiniteLength) {
  expect_failure(read_one({0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00}), ErrorCode::invalid_value,
                 "indefinite length");
}

TEST(DerReader, RejectsLengthFieldOverFourOctets) {
  expect_failure(read_one({0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00}),
                 ErrorCode::length_out_of_range, "length field of 5 octets");
  expect_failure(read_one({0x04, 0xff}), ErrorCode::length_out_of_range, "127 octets");
}

TEST(DerReader, RejectsHugeLengthPastTheData) {
  expect_failure(read_one({0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00}), ErrorCode::truncated,
                 "length 4294967295 runs past the end of the data (1 bytes left)");
}

TEST(DerReader, RejectsTruncatedHeaders) {
  expect_failure(read_one({}), ErrorCode::truncated, "found the end of the data");
  expect_failure(read_one({0x30}), ErrorCode::truncated, "length octet is missing");
  expect_failure(read_one({0x04, 0x82, 0x01}), ErrorCode::truncated, "length field is truncated");
  expect_failure(read_one({0x04, 0x03, 0x01}), ErrorCode::truncated, "runs past the end");
}

TEST(DerReader, RejectsHighTagNumberForm) {
  expect_failure(read_one({0x1f, 0x81, 0x00, 0x00}), ErrorCode::invalid_value,
                 "high-tag-number form");
  expect_failure(read_one({0xbf, 0x20, 0x00}), ErrorCode::invalid_value, "high-tag-number form");
}

TEST(DerReader, RejectsEndOfContentsTag) {
  expect_failure(read_one({0x00, 0x00}), ErrorCode::invalid_value, "end-of-contents");
}

TEST(DerReader, RejectsConstructedStringsAndPrimitiveSequences) {
  // X.690 10.2: DER strings are primitive; SEQUENCE and SET constructed.
  expect_failure(read_one({0x24, 0x03, 0x04, 0x01, 0x00}), ErrorCode::invalid_value,
                 "constructed, which DER forbids");
  expect_failure(read_one({0x22, 0x03, 0x02, 0x01, 0x00}), ErrorCode::invalid_value,
                 "constructed, which DER forbids");
  expect_failure(read_one({0x10, 0x00}), ErrorCode::invalid_value, "must be constructed");
  expect_failure(read_one({0x11, 0x00}), ErrorCode::invalid_value, "must be constructed");
}

TEST(DerReader, AcceptsContextAndPrivateTagsInBothForms) {
  EXPECT_TRUE(read_one({0x80, 0x00}));
  EXPECT_TRUE(read_one({0xa3, 0x00}));
  EXPECT_TRUE(read_one({0xc1, 0x00}));
  EXPECT_TRUE(read_one({0x61, 0x00}));
}

TEST(DerReader, ReportsAbsoluteOffsetsInNestedReaders) {
  const Bytes der = seq({seq({tlv(0x02, {0x00, 0x01})})});
  Reader top(der);
  auto outer = top.enter(tag::kSequence, "outer");
  ASSERT_TRUE(outer);
  auto inner = outer->enter(tag::kSequence, "inner");
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->offset(), 4U);
  EXPECT_EQ(inner->depth(), 2U);
  auto value = inner->read_integer("the integer");
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().reason(),
            "the integer: INTEGER is not minimally encoded (redundant leading octet) at offset 4");
}

TEST(DerReader, ExpectEndRejectsTrailingData) {
  const Bytes der = {0x05, 0x00, 0x05, 0x00};
  Reader reader(der);
  ASSERT_TRUE(reader.read_null("first"));
  auto end = reader.expect_end("the list");
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().code(), ErrorCode::trailing_data);
  EXPECT_EQ(end.error().reason(), "the list: 2 unexpected bytes after the last field at offset 2");
}

TEST(DerReader, FailedReadDoesNotAdvance) {
  const Bytes der = {0x02, 0x01, 0x05};
  Reader reader(der);
  EXPECT_FALSE(reader.read(tag::kSequence, "x"));
  EXPECT_EQ(reader.offset(), 0U);
  EXPECT_FALSE(reader.enter(tag::kSequence, "x"));
  EXPECT_EQ(reader.offset(), 0U);
  auto value = reader.read_unsigned("x");
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, 5U);
}

TEST(DerReader, ReadOptionalSkipsOtherTags) {
  const Bytes der = {0x02, 0x01, 0x05};
  Reader reader(der);
  auto absent = reader.read_optional(0x80, "x");
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
  auto present = reader.read_optional(tag::kInteger, "x");
  ASSERT_TRUE(present);
  ASSERT_TRUE(*present);
  EXPECT_TRUE(reader.empty());
}

TEST(DerReader, BooleanIsOnlyZeroOrAllOnes) {
  for (const Bytes& good : {Bytes{0x01, 0x01, 0x00}, Bytes{0x01, 0x01, 0xff}}) {
    Reader reader(good);
    auto value = reader.read_boolean("b");
    ASSERT_TRUE(value);
    EXPECT_EQ(*value, good[2] == 0xff);
  }
  for (const Bytes& bad : {Bytes{0x01, 0x01, 0x01}, Bytes{0x01, 0x01, 0x7f},
                           Bytes{0x01, 0x02, 0xff, 0xff}, Bytes{0x01, 0x00}}) {
    Reader reader(bad);
    auto value = reader.read_boolean("b");
    ASSERT_FALSE(value);
    EXPECT_NE(value.error().reason().find("BOOLEAN"), std::string::npos);
  }
}

TEST(DerReader, IntegerMustBeMinimal) {
  const std::vector<Bytes> good = {{0x00}, {0x7f}, {0x00, 0x80}, {0xff}, {0x80}, {0xff, 0x7f}};
  for (const Bytes& contents : good) {
    const Bytes der = tlv(0x02, contents);
    Reader reader(der);
    auto value = reader.read_integer("i");
    ASSERT_TRUE(value) << value.error().reason();
    EXPECT_EQ(value->size(), contents.size());
  }
  const std::vector<Bytes> bad = {{}, {0x00, 0x7f}, {0x00, 0x00}, {0xff, 0x80}, {0xff, 0xff}};
  for (const Bytes& contents : bad) {
    const Bytes der = tlv(0x02, contents);
    Reader reader(der);
    EXPECT_FALSE(reader.read_integer("i"));
  }
}

TEST(DerReader, UnsignedRejectsNegativeAndOversizedValues) {
  {
    const Bytes der = {0x02, 0x01, 0x80};
    Reader reader(der);
    auto value = reader.read_unsigned("n");
    ASSERT_FALSE(value);
    EXPECT_NE(value.error().reason().find("negative"), std::string::npos);
  }
  {
    const Bytes der = {0x02, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    Reader reader(der);
    auto value = reader.read_unsigned("n");
    ASSERT_TRUE(value);
    EXPECT_EQ(*value, ~std::uint64_t{0});
  }
  {
    const Bytes der = {0x02, 0x09, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    Reader reader(der);
    auto value = reader.read_unsigned("n");
    ASSERT_FALSE(value);
    EXPECT_NE(value.error().reason().find("does not fit in 64 bits"), std::string::npos);
  }
}

TEST(DerReader, BitStringChecksUnusedBitsAndPadding) {
  {
    const Bytes der = {0x03, 0x02, 0x05, 0xa0};  // 101 then five zero padding bits
    Reader reader(der);
    auto value = reader.read_bit_string("b");
    ASSERT_TRUE(value);
    EXPECT_EQ(value->bit_count(), 3U);
    EXPECT_TRUE(value->bit(0));
    EXPECT_FALSE(value->bit(1));
    EXPECT_TRUE(value->bit(2));
    EXPECT_FALSE(value->bit(3));  // past the end
  }
  const std::vector<std::pair<Bytes, std::string>> bad = {
      {{0x03, 0x00}, "no content octets"},
      {{0x03, 0x02, 0x08, 0x00}, "8 unused bits"},
      {{0x03, 0x01, 0x03}, "empty BIT STRING declares 3 unused bits"},
      {{0x03, 0x02, 0x05, 0xa1}, "non-zero padding bits"},
  };
  for (const auto& [der, text] : bad) {
    Reader reader(der);
    auto value = reader.read_bit_string("b");
    ASSERT_FALSE(value);
    EXPECT_NE(value.error().reason().find(text), std::string::npos) << value.error().reason();
  }
}

TEST(DerReader, NullHasNoContents) {
  const Bytes der = {0x05, 0x01, 0x00};
  Reader reader(der);
  EXPECT_FALSE(reader.read_null("n"));
}

Bytes nest(std::size_t levels) {
  Bytes der = {0x05, 0x00};
  for (std::size_t i = 0; i < levels; ++i)
    der = seq({der});
  return der;
}

TEST(DerReader, CheckTreeAcceptsNestingUpToTheLimit) {
  const Bytes der = nest(kMaxDepth);
  auto top = read_one(der);
  ASSERT_TRUE(top);
  EXPECT_TRUE(check_tree(*top, 0, "tree"));
}

TEST(DerReader, CheckTreeRejectsDeeperNesting) {
  const Bytes der = nest(kMaxDepth + 1);
  auto top = read_one(der);
  ASSERT_TRUE(top);
  auto result = check_tree(*top, 0, "tree");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().reason().find("nesting deeper than 32 levels"), std::string::npos);
}

TEST(DerReader, EnterStopsAtTheDepthLimit) {
  const Bytes der = nest(kMaxDepth + 2);
  Reader reader(der);
  std::size_t entered = 0;
  for (;;) {
    auto inner = reader.enter(tag::kSequence, "level");
    if (!inner) {
      EXPECT_NE(inner.error().reason().find("nesting deeper"), std::string::npos);
      break;
    }
    reader = *inner;
    ++entered;
  }
  EXPECT_EQ(entered, kMaxDepth);
}

TEST(DerReader, CheckTreeValidatesScalarsInside) {
  const Bytes der = seq({tlv(0x01, {0x01})});
  auto top = read_one(der);
  ASSERT_TRUE(top);
  EXPECT_FALSE(check_tree(*top, 0, "tree"));
}

TEST(DerReader, NextElementNeverReadsOutOfBounds) {
  // Garbage of every short shape: next_element must stop, not overrun.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 7) {
      const Bytes data = {static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b), 0x01};
      std::size_t pos = 0;
      Tlv out;
      while (next_element(data, pos, out)) {
        ASSERT_LE(pos, data.size());
      }
    }
  }
}

TEST(DerTag, NamesTags) {
  EXPECT_EQ(tag_name(0x30), "SEQUENCE");
  EXPECT_EQ(tag_name(0xa3), "[3] constructed");
  EXPECT_EQ(tag_name(0x82), "[2]");
  EXPECT_EQ(tag_name(0x5f), "tag 0x5f");
}

}  // namespace
}  // namespace cpptls::x509::der
