#include "record/header.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "record/limits.hpp"
#include "wire/reader.hpp"

namespace cpptls::record {
namespace {

Expected<RecordHeader> decode(const Bytes& bytes, std::size_t max_length = kMaxPlaintext) {
  wire::Reader reader(bytes);
  return RecordHeader::decode(reader, max_length);
}

TEST(RecordHeader, DecodesTypeVersionAndLength) {
  const Bytes bytes = {0x16, 0x03, 0x01, 0x00, 0xc4, 0xaa};
  wire::Reader reader(bytes);
  auto header = RecordHeader::decode(reader, kMaxPlaintext);
  ASSERT_TRUE(header.has_value()) << header.error().to_string();
  EXPECT_EQ(header->type, ContentType::handshake);
  EXPECT_EQ(header->version, 0x0301);
  EXPECT_EQ(header->length, 0xc4);
  EXPECT_EQ(reader.offset(), kHeaderSize);  // reads exactly five bytes
}

TEST(RecordHeader, EncodesTheFiveBytes) {
  std::array<std::uint8_t, kHeaderSize> out{};
  RecordHeader{ContentType::application_data, 0x0303, 0x1234}.encode(out);
  EXPECT_EQ(to_hex(out), "1703031234");
}

TEST(RecordHeader, RoundTripsEveryContentType) {
  for (auto type : {ContentType::change_cipher_spec, ContentType::alert, ContentType::handshake,
                    ContentType::application_data}) {
    const RecordHeader header{type, 0x0303, 100};
    std::array<std::uint8_t, kHeaderSize> bytes{};
    header.encode(bytes);
    auto decoded = decode(Bytes(bytes.begin(), bytes.end()));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, header);
  }
}

TEST(RecordHeader, AcceptsAnyMinorVersion) {
  // RFC 8446 5.1: legacy_record_version is ignored except for its form; 0x0300 and 0x0304
  // still name a TLS-family record.
  EXPECT_TRUE(decode({0x16, 0x03, 0x00, 0x00, 0x01}).has_value());
  EXPECT_TRUE(decode({0x16, 0x03, 0x04, 0x00, 0x01}).has_value());
}

TEST(RecordHeader, RejectsUnknownContentTypeWithUnexpectedMessage) {
  for (std::uint8_t type : {0x00, 0x13, 0x18, 0x19, 0x47, 0x80, 0xff}) {
    auto header = decode({type, 0x03, 0x03, 0x00, 0x01});
    ASSERT_FALSE(header.has_value()) << int{type};
    EXPECT_EQ(header.error().code(), ErrorCode::unexpected_content_type);
    EXPECT_EQ(header.error().alert(), AlertDescription::unexpected_message);
    EXPECT_NE(header.error().reason().find(std::to_string(type)), std::string::npos)
        << header.error().reason();
  }
}

Bytes ascii(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

TEST(RecordHeader, SaysWhenTheRecordIsPlainHttpOrOtherText) {
  const auto reason = [](std::string_view text) {
    auto header = decode(ascii(text));
    EXPECT_FALSE(header.has_value()) << text;
    return header ? std::string() : header.error().reason();
  };
  EXPECT_NE(reason("GET / HTTP/1.1\r\n").find("the peer sent an HTTP request (\"GET /\")"),
            std::string::npos);
  EXPECT_NE(reason("POST /x HTTP/1.1").find("sent an HTTP request"), std::string::npos);
  EXPECT_NE(reason("CONNECT a:443").find("sent an HTTP proxy request"), std::string::npos);
  EXPECT_NE(reason("HTTP/1.0 400 Bad").find("answered in plain HTTP"), std::string::npos);
  EXPECT_NE(reason("<html>").find("are plain text"), std::string::npos);
  // Binary garbage gets no guess.
  auto binary = decode({0x47, 0x03, 0x03, 0x00, 0x01});
  ASSERT_FALSE(binary.has_value());
  EXPECT_EQ(binary.error().reason().find("plain"), std::string::npos) << binary.error().reason();
}

TEST(RecordHeader, RejectsMajorVersionOtherThanThreeWithProtocolVersion) {
  for (std::uint16_t version : {0x0000, 0x0203, 0x0303 + 0x0100, 0xfeff}) {
    auto header = decode({0x17, static_cast<std::uint8_t>(version >> 8),
                          static_cast<std::uint8_t>(version), 0x00, 0x01});
    ASSERT_FALSE(header.has_value()) << version;
    EXPECT_EQ(header.error().code(), ErrorCode::bad_record_header);
    EXPECT_EQ(header.error().kind(), ErrorKind::peer_misbehaved);
    EXPECT_EQ(header.error().alert(), AlertDescription::protocol_version);
    EXPECT_NE(header.error().reason().find(to_hex_u16(version)), std::string::npos)
        << header.error().reason();
  }
}

TEST(RecordHeader, RejectsSslV2StyleHelloAsUnknownType) {
  // An SSL 2.0 CLIENT-HELLO starts with a length byte with the top bit set.
  auto header = decode({0x80, 0x2e, 0x01, 0x03, 0x01});
  ASSERT_FALSE(header.has_value());
  EXPECT_EQ(header.error().alert(), AlertDescription::unexpected_message);
}

TEST(RecordHeader, AcceptsLengthAtTheLimit) {
  auto header = decode({0x17, 0x03, 0x03, 0x40, 0x00}, kMaxPlaintext);
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->length, kMaxPlaintext);
}

TEST(RecordHeader, RejectsLengthAboveTheLimitWithRecordOverflowQuotingBoth) {
  auto header = decode({0x17, 0x03, 0x03, 0x40, 0x01}, kMaxPlaintext);
  ASSERT_FALSE(header.has_value());
  EXPECT_EQ(header.error().code(), ErrorCode::record_overflow);
  EXPECT_EQ(header.error().alert(), AlertDescription::record_overflow);
  EXPECT_NE(header.error().reason().find("16385"), std::string::npos);
  EXPECT_NE(header.error().reason().find("16384"), std::string::npos);
}

TEST(RecordHeader, AppliesTheLimitItIsGiven) {
  const Bytes tls13_max_plus_one = {0x17, 0x03, 0x03, 0x41, 0x01};  // 16641
  EXPECT_FALSE(decode(tls13_max_plus_one, kMaxTls13Ciphertext).has_value());
  EXPECT_TRUE(decode(tls13_max_plus_one, kMaxTls12Ciphertext).has_value());
  const Bytes tls12_max_plus_one = {0x17, 0x03, 0x03, 0x48, 0x01};  // 18433
  EXPECT_FALSE(decode(tls12_max_plus_one, kMaxTls12Ciphertext).has_value());
}

TEST(RecordHeader, ChecksTypeBeforeVersionBeforeLength) {
  auto all_wrong = decode({0x42, 0x02, 0x00, 0xff, 0xff});
  ASSERT_FALSE(all_wrong.has_value());
  EXPECT_EQ(all_wrong.error().code(), ErrorCode::unexpected_content_type);
  auto version_and_length = decode({0x17, 0x02, 0x00, 0xff, 0xff});
  ASSERT_FALSE(version_and_length.has_value());
  EXPECT_EQ(version_and_length.error().code(), ErrorCode::bad_record_header);
}

TEST(RecordHeader, RejectsTruncatedHeaderWithoutMovingTheCursor) {
  const Bytes four = {0x17, 0x03, 0x03, 0x00};
  wire::Reader reader(four);
  auto header = RecordHeader::decode(reader, kMaxPlaintext);
  ASSERT_FALSE(header.has_value());
  EXPECT_EQ(header.error().code(), ErrorCode::truncated);
  EXPECT_EQ(reader.offset(), 0U);
}

TEST(RecordHeader, RefusedHeaderLeavesTheCursorInPlace) {
  const Bytes bytes = {0x42, 0x03, 0x03, 0x00, 0x01};
  wire::Reader reader(bytes);
  EXPECT_FALSE(RecordHeader::decode(reader, kMaxPlaintext).has_value());
  EXPECT_EQ(reader.offset(), 0U);
}

}  // namespace
}  // namespace cpptls::record
