// der::Writer: the one DER form of each value, lengths back-patched in the shortest form,
// values without a DER form refused, and what it writes read back by der::Reader.

#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"
#include "x509/der/time.hpp"
#include "x509/der/writer.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509::der {
namespace {

using ::testing::HasSubstr;

// The hex of what `write` writes, or "error: REASON".
template <class Write>
std::string written(Write write) {
  Bytes out;
  Writer w(out);
  write(w);
  if (auto done = w.result(); !done) return "error: " + done.error().reason();
  return to_hex(out);
}

std::int64_t at(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  return to_unix_seconds(CivilTime{year, month, day, hour, minute, second});
}

TEST(DerWriter, IntegersAreMinimalTwosComplement) {
  EXPECT_EQ(written([](Writer& w) { w.integer(0); }), "020100");
  EXPECT_EQ(written([](Writer& w) { w.integer(127); }), "02017f");
  EXPECT_EQ(written([](Writer& w) { w.integer(128); }), "02020080");
  EXPECT_EQ(written([](Writer& w) { w.integer(256); }), "02020100");
  EXPECT_EQ(written([](Writer& w) { w.integer(-1); }), "0201ff");
  EXPECT_EQ(written([](Writer& w) { w.integer(-128); }), "020180");
  EXPECT_EQ(written([](Writer& w) { w.integer(-129); }), "0202ff7f");
  EXPECT_EQ(written([](Writer& w) { w.integer(std::numeric_limits<std::int64_t>::min()); }),
            "02088000000000000000");
  EXPECT_EQ(written([](Writer& w) { w.integer(std::numeric_limits<std::int64_t>::max()); }),
            "02087fffffffffffffff");
}

TEST(DerWriter, UnsignedIntegerDropsLeadingZerosAndAddsASignOctet) {
  EXPECT_EQ(written([](Writer& w) { w.unsigned_integer(Bytes{}); }), "020100");
  EXPECT_EQ(written([](Writer& w) { w.unsigned_integer(Bytes{0, 0, 0}); }), "020100");
  EXPECT_EQ(written([](Writer& w) { w.unsigned_integer(Bytes{0, 0, 0x7f, 1}); }), "02027f01");
  EXPECT_EQ(written([](Writer& w) { w.unsigned_integer(Bytes{0x80, 0}); }), "0203008000");
  EXPECT_EQ(written([](Writer& w) { w.unsigned_integer(Bytes{0, 0xff}); }), "020200ff");
}

TEST(DerWriter, BooleanTrueIsAllOnes) {
  EXPECT_EQ(written([](Writer& w) { w.boolean(true); }), "0101ff");
  EXPECT_EQ(written([](Writer& w) { w.boolean(false); }), "010100");
}

TEST(DerWriter, NamedBitStringsDropTrailingZeroBits) {
  // RFC 5280 4.2.1.3 keyUsage values as CAs write them.
  EXPECT_EQ(written([](Writer& w) { w.named_bit_string(1u << 0); }), "03020780");  // digitalSig.
  EXPECT_EQ(written([](Writer& w) { w.named_bit_string(1u << 0 | 1u << 2); }), "030205a0");
  EXPECT_EQ(written([](Writer& w) { w.named_bit_string(1u << 5 | 1u << 6); }), "03020106");
  EXPECT_EQ(written([](Writer& w) { w.named_bit_string(1u << 8); }), "0303070080");
  EXPECT_EQ(written([](Writer& w) { w.named_bit_string(0); }), "030100");
}

TEST(DerWriter, BitStringsCarryTheirUnusedBitCount) {
  EXPECT_EQ(written([](Writer& w) { w.bit_string(Bytes{0xab, 0xcd}); }), "030300abcd");
  EXPECT_EQ(written([](Writer& w) { w.bit_string(Bytes{0xf0}, 4); }), "030204f0");
  EXPECT_THAT(written([](Writer& w) { w.bit_string(Bytes{0xf1}, 4); }), HasSubstr("error:"));
  EXPECT_THAT(written([](Writer& w) { w.bit_string(Bytes{0x00}, 8); }), HasSubstr("error:"));
  EXPECT_THAT(written([](Writer& w) { w.bit_string(Bytes{}, 1); }), HasSubstr("error:"));
}

TEST(DerWriter, LengthsUseTheShortestForm) {
  for (const std::size_t size : {0u, 1u, 127u, 128u, 255u, 256u, 65535u, 65536u, 70000u}) {
    Bytes out;
    Writer w(out);
    {
      auto sequence = w.sequence();
      w.octet_string(Bytes(size, 0x5a));
    }
    ASSERT_TRUE(w.result());
    Reader reader(out);
    auto outer = reader.enter(tag::kSequence, "outer");
    ASSERT_TRUE(outer) << "size " << size << ": " << outer.error().reason();
    auto inner = outer->read_octet_string("inner");
    ASSERT_TRUE(inner) << "size " << size << ": " << inner.error().reason();
    EXPECT_EQ(inner->size(), size);
    EXPECT_TRUE(outer->expect_end("outer"));
    EXPECT_TRUE(reader.expect_end("all"));
  }
  Bytes length;
  append_length(length, 0x7f);
  EXPECT_EQ(to_hex(length), "7f");
  length.clear();
  append_length(length, 0x80);
  EXPECT_EQ(to_hex(length), "8180");
  length.clear();
  append_length(length, 0x1234);
  EXPECT_EQ(to_hex(length), "821234");
  length.clear();
  append_length(length, 0x10000);
  EXPECT_EQ(to_hex(length), "83010000");
}

TEST(DerWriter, NestedElementsAreReadBackByTheReader) {
  Bytes out = {0xee};  // bytes already in the buffer are left alone
  Writer w(out);
  {
    auto sequence = w.sequence();
    {
      auto explicit_tag = w.context_constructed(0);
      w.integer(2);
    }
    {
      auto wrapped = w.octet_string_wrapper();
      auto inner = w.sequence();
      w.oid(Oid(oid::kServerAuth));
    }
    {
      auto set = w.set();
      w.utf8_string("caf\xc3\xa9");
    }
    w.context_primitive(2, as_bytes("example.com"));
    w.null();
  }
  ASSERT_TRUE(w.result());
  ASSERT_EQ(out.front(), 0xee);

  Reader reader(ByteView(out).subspan(1));
  auto sequence = reader.enter(tag::kSequence, "sequence");
  ASSERT_TRUE(sequence);
  auto version = sequence->enter(context_constructed(0), "[0]");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->read_unsigned("version").value_or(0), 2u);
  auto wrapped = sequence->read_octet_string("wrapped");
  ASSERT_TRUE(wrapped);
  Reader inner_reader(*wrapped);
  auto inner = inner_reader.enter(tag::kSequence, "inner");
  ASSERT_TRUE(inner);
  auto id = inner->read(tag::kOid, "oid");
  ASSERT_TRUE(id);
  EXPECT_EQ(decode_oid(*id, "oid").value_or(Oid()), Oid(oid::kServerAuth));
  auto set = sequence->enter(tag::kSet, "set");
  ASSERT_TRUE(set);
  auto text = set->read(tag::kUtf8String, "text");
  ASSERT_TRUE(text);
  EXPECT_EQ(as_chars(text->value), "caf\xc3\xa9");
  auto dns = sequence->read(context(2), "dns");
  ASSERT_TRUE(dns);
  EXPECT_EQ(as_chars(dns->value), "example.com");
  EXPECT_TRUE(sequence->read_null("null"));
  EXPECT_TRUE(sequence->expect_end("sequence"));
}

TEST(DerWriter, TimesAreUtcTimeFrom1950Through2049AndGeneralizedTimeOtherwise) {
  // RFC 5280 4.1.2.5.
  EXPECT_EQ(written([](Writer& w) { w.time(at(2049, 12, 31, 23, 59, 59)); }),
            "170d" + to_hex(as_bytes("491231235959Z")));
  EXPECT_EQ(written([](Writer& w) { w.time(at(2050, 1, 1)); }),
            "180f" + to_hex(as_bytes("20500101000000Z")));
  EXPECT_EQ(written([](Writer& w) { w.time(at(1950, 1, 1)); }),
            "170d" + to_hex(as_bytes("500101000000Z")));
  EXPECT_EQ(written([](Writer& w) { w.time(at(1949, 12, 31, 23, 59, 59)); }),
            "180f" + to_hex(as_bytes("19491231235959Z")));
  EXPECT_EQ(written([](Writer& w) { w.time(at(2024, 2, 29, 12, 34, 56)); }),
            "170d" + to_hex(as_bytes("240229123456Z")));
}

TEST(DerWriter, TimesRoundTripThroughTheReader) {
  for (const std::int64_t t :
       {at(1950, 1, 1), at(1999, 12, 31, 23, 59, 59), at(2000, 2, 29), at(2038, 1, 19, 3, 14, 8),
        at(2049, 12, 31, 23, 59, 59), at(2050, 1, 1), at(9999, 12, 31, 23, 59, 59), at(1, 1, 1)}) {
    Bytes out;
    Writer w(out);
    w.time(t);
    ASSERT_TRUE(w.result()) << format_time(t);
    Reader reader(out);
    auto element = reader.read_any("time");
    ASSERT_TRUE(element);
    auto decoded = decode_time(*element, "time");
    ASSERT_TRUE(decoded) << format_time(t) << ": " << decoded.error().reason();
    EXPECT_EQ(*decoded, t) << format_time(t);
  }
}

TEST(DerWriter, RefusesTimesWithoutAnEncoding) {
  EXPECT_THAT(written([](Writer& w) { w.utc_time(at(2050, 1, 1)); }), HasSubstr("UTCTime"));
  EXPECT_THAT(written([](Writer& w) { w.utc_time(at(1949, 12, 31)); }), HasSubstr("UTCTime"));
  EXPECT_THAT(written([](Writer& w) { w.time(at(9999, 12, 31, 23, 59, 59) + 1); }),
              HasSubstr("GeneralizedTime"));
}

TEST(DerWriter, StringsAreCheckedAgainstTheirCharacterSets) {
  EXPECT_EQ(written([](Writer& w) { w.printable_string("Example Org (test) 1.0"); }),
            "1316" + to_hex(as_bytes("Example Org (test) 1.0")));
  EXPECT_THAT(written([](Writer& w) { w.printable_string("a@b"); }), HasSubstr("'@'"));
  EXPECT_THAT(written([](Writer& w) { w.printable_string("*.example"); }), HasSubstr("'*'"));
  EXPECT_EQ(written([](Writer& w) { w.ia5_string("a@b"); }), "1603614062");
  EXPECT_THAT(written([](Writer& w) { w.ia5_string("caf\xc3\xa9"); }), HasSubstr("IA5String"));
  EXPECT_EQ(written([](Writer& w) { w.utf8_string("\xe2\x82\xac"); }), "0c03e282ac");
  EXPECT_THAT(written([](Writer& w) { w.utf8_string("\xc0\xaf"); }), HasSubstr("UTF-8"));
}

TEST(DerWriter, ObjectIdentifiersAreWrittenAsTheirContents) {
  EXPECT_EQ(written([](Writer& w) { w.oid(Oid(oid::kCommonName)); }), "0603550403");
  EXPECT_THAT(written([](Writer& w) { w.oid(Oid()); }), HasSubstr("error:"));
  static constexpr std::uint8_t kUnterminated[] = {0x55, 0x84};
  EXPECT_THAT(written([](Writer& w) { w.oid(Oid(kUnterminated)); }), HasSubstr("error:"));
  static constexpr std::uint8_t kPadded[] = {0x55, 0x80, 0x01};
  EXPECT_THAT(written([](Writer& w) { w.oid(Oid(kPadded)); }), HasSubstr("leading 0x80"));
}

TEST(DerWriter, ElementMustBeExactlyOneWellFramedElement) {
  EXPECT_EQ(written([](Writer& w) { w.element(Bytes{0x30, 0x00}); }), "3000");
  EXPECT_THAT(written([](Writer& w) { w.element(Bytes{0x30, 0x01}); }), HasSubstr("error:"));
  EXPECT_THAT(written([](Writer& w) {
                w.element(Bytes{0x30, 0x00, 0x05, 0x00});
              }),
              HasSubstr("error:"));
  EXPECT_THAT(written([](Writer& w) { w.element(Bytes{}); }), HasSubstr("error:"));
}

TEST(DerWriter, ContextTagsNeedTheLowTagNumberForm) {
  EXPECT_EQ(written([](Writer& w) {
              w.context_primitive(7, Bytes{127, 0, 0, 1});
            }),
            "87047f000001");
  EXPECT_THAT(written([](Writer& w) { w.context_primitive(31, Bytes{}); }),
              HasSubstr("high-tag-number"));
  EXPECT_THAT(written([](Writer& w) {
                auto tagged = w.context_constructed(31);
                w.null();
              }),
              HasSubstr("high-tag-number"));
}

TEST(DerWriter, KeepsTheFirstMistakeAndStillBalancesElements) {
  Bytes out;
  Writer w(out);
  {
    auto sequence = w.sequence();
    w.printable_string("bad@");
    w.ia5_string("\xff");
    w.integer(5);
  }
  EXPECT_FALSE(w.ok());
  auto done = w.result();
  ASSERT_FALSE(done);
  EXPECT_THAT(done.error().reason(), HasSubstr("PrintableString"));
  EXPECT_EQ(done.error().code(), ErrorCode::invalid_argument);
  // Nothing was written for the refused values; the SEQUENCE around the rest is well-formed.
  EXPECT_EQ(to_hex(out), "3003020105");
}

}  // namespace
}  // namespace cpptls::x509::der
