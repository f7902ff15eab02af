#include "wire/messages/handshake_header.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/key_update.hpp"

namespace cpptls::wire {
namespace {

using test::hex;

TEST(HandshakeHeader, DecodesTypeAndBodyAsAViewAndAdvances) {
  const Bytes input = hex("14 000003 aabbcc 0f");
  Reader reader(input);
  const auto message = HandshakeMessage::decode(reader);
  ASSERT_TRUE(message.has_value()) << message.error().to_string();
  EXPECT_EQ(message->type, HandshakeType::finished);
  EXPECT_EQ(Bytes(message->body.begin(), message->body.end()), hex("aabbcc"));
  EXPECT_EQ(message->body.data(), input.data() + 4);  // zero-copy
  EXPECT_EQ(reader.offset(), 7U);
}

TEST(HandshakeHeader, ReadsConsecutiveMessagesFromOneBuffer) {
  const Bytes input = hex("0e000000 18000001 01");
  Reader reader(input);
  const auto first = HandshakeMessage::decode(reader);
  const auto second = HandshakeMessage::decode(reader);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->type, HandshakeType::server_hello_done);
  EXPECT_TRUE(first->body.empty());
  EXPECT_EQ(second->type, HandshakeType::key_update);
  EXPECT_EQ(second->body.size(), 1U);
  EXPECT_TRUE(reader.empty());
}

TEST(HandshakeHeader, KeepsUnknownTypes) {
  const Bytes input = hex("c8 000001 00");
  Reader reader(input);
  const auto message = HandshakeMessage::decode(reader);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(static_cast<int>(message->type), 0xc8);
}

TEST(HandshakeHeader, EveryTruncationFailsWithoutAdvancing) {
  const Bytes input = hex("01 000004 01020304");
  for (std::size_t n = 0; n < input.size(); ++n) {
    const Bytes prefix(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(n));
    Reader reader(prefix);
    const auto message = HandshakeMessage::decode(reader);
    test::expect_decode_error(message, ErrorCode::truncated);
    EXPECT_EQ(reader.offset(), 0U) << n;
  }
}

TEST(HandshakeHeader, ReadsTheLargestLengthItsPrefixCanHold) {
  Bytes input = hex("0b ffffff");
  input.resize(4 + 0xffffff, 0x30);
  Reader reader(input);
  const auto message = HandshakeMessage::decode(reader);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->body.size(), 0xffffffU);
}

TEST(HandshakeHeader, EncodesHeaderThenBodyFromACallback) {
  Bytes out = hex("ee");  // appends after what is already there
  const auto written = encode_handshake(HandshakeType::certificate_verify, out, [](Writer& w) {
    w.u16(0x0804);
    w.u8(7);
  });
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(out, hex("ee 0f000003 080407"));
}

TEST(HandshakeHeader, EncodesAViewAndAMessageStruct) {
  Bytes out;
  ASSERT_TRUE(encode_handshake(HandshakeType::end_of_early_data, ByteView(), out).has_value());
  ASSERT_TRUE(encode_handshake(KeyUpdate{KeyUpdateRequest::update_requested}, out).has_value());
  EXPECT_EQ(out, hex("05000000 18000001 01"));
}

TEST(HandshakeHeader, RoundTripsThroughEncodeAndDecode) {
  const Bytes body = test::filled(300);
  const HandshakeMessage original{HandshakeType::certificate, body};
  const Bytes encoded = test::encode_body(original);
  Reader reader(encoded);
  const auto decoded = HandshakeMessage::decode(reader);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(*decoded == original);
  EXPECT_EQ(encoded.size(), 304U);
}

TEST(HandshakeHeader, RefusesToEncodeABodyLongerThan2To24Minus1) {
  Bytes out;
  const Bytes body(0x1000000, 0);
  const auto written = encode_handshake(HandshakeType::certificate, body, out);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), ErrorKind::internal);
}

}  // namespace
}  // namespace cpptls::wire
