// CertificateVerify, Finished, KeyUpdate, the empty messages and the alert body.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/alert_message.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/empty_messages.hpp"
#include "wire/messages/finished.hpp"
#include "wire/messages/key_update.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

TEST(CertificateVerify, DecodesSchemeAndSignature) {
  const Bytes body = cat({hex("0804"), prefixed(2, filled(256, 0x42))});
  const auto verify = CertificateVerify::decode(body);
  ASSERT_TRUE(verify.has_value());
  EXPECT_EQ(verify->algorithm, SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_EQ(verify->signature.data(), body.data() + 4);
  test::expect_round_trip(*verify);
  test::expect_every_truncation_fails(body, CertificateVerify::decode);
  test::expect_trailing_byte_fails(body, CertificateVerify::decode);
}

// signature<0..2^16-1>; an unknown scheme is kept for the handshake to refuse.
TEST(CertificateVerify, AcceptsBothEndsOfTheSignatureBoundAndUnknownSchemes) {
  EXPECT_TRUE(CertificateVerify::decode(hex("0403 0000")).has_value());
  EXPECT_TRUE(CertificateVerify::decode(cat({hex("0403"), prefixed(2, filled(0xffff))})));
  const auto unknown = CertificateVerify::decode(hex("fefe 0001 00"));
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(static_cast<std::uint16_t>(unknown->algorithm), 0xfefeU);
}

TEST(Finished, TakesTheWholeBodyOfTheExpectedSize) {
  const Bytes tls12 = filled(kTls12VerifyDataSize, 7);
  const auto finished = Finished::decode(tls12, kTls12VerifyDataSize);
  ASSERT_TRUE(finished.has_value());
  EXPECT_EQ(finished->verify_data.data(), tls12.data());
  const Bytes sha384 = filled(48, 7);
  EXPECT_TRUE(Finished::decode(sha384, 48).has_value());
  test::expect_round_trip(*finished, [](ByteView b) { return Finished::decode(b, 12); });
}

TEST(Finished, RefusesAShorterOrLongerBody) {
  const Bytes body = filled(32, 1);
  const auto decode32 = [](ByteView b) { return Finished::decode(b, 32); };
  test::expect_every_truncation_fails(body, decode32);
  test::expect_trailing_byte_fails(body, decode32);
  const auto wrong = Finished::decode(body, 48);
  test::expect_decode_error(wrong, ErrorCode::truncated);
  test::expect_reason_mentions(wrong, "32 bytes, expected 48");
  test::expect_decode_error(Finished::decode(body, 12), ErrorCode::trailing_data);
}

TEST(KeyUpdate, DecodesBothDefinedValues) {
  const auto not_requested = KeyUpdate::decode(hex("00"));
  ASSERT_TRUE(not_requested.has_value());
  EXPECT_EQ(not_requested->request_update, KeyUpdateRequest::update_not_requested);
  const auto requested = KeyUpdate::decode(hex("01"));
  ASSERT_TRUE(requested.has_value());
  EXPECT_EQ(requested->request_update, KeyUpdateRequest::update_requested);
  test::expect_round_trip(*requested);
  test::expect_every_truncation_fails(hex("01"), KeyUpdate::decode);
  test::expect_trailing_byte_fails(hex("01"), KeyUpdate::decode);
}

// RFC 8446 4.6.3: any other value is illegal_parameter.
TEST(KeyUpdate, RefusesEveryOtherValueWithIllegalParameter) {
  for (int value = 2; value <= 255; ++value) {
    const Bytes body{static_cast<std::uint8_t>(value)};
    test::expect_illegal(KeyUpdate::decode(body));
  }
}

template <class Message>
void expect_empty_message_rules() {
  EXPECT_TRUE(Message::decode(ByteView()).has_value());
  test::expect_round_trip(Message{});
  const auto not_empty = Message::decode(hex("00"));
  test::expect_decode_error(not_empty, ErrorCode::trailing_data);
  test::expect_reason_mentions(not_empty, name(Message::kType));
}

TEST(EmptyMessages, AcceptOnlyAnEmptyBody) {
  expect_empty_message_rules<ServerHelloDone>();
  expect_empty_message_rules<EndOfEarlyData>();
  expect_empty_message_rules<HelloRequest>();
  EXPECT_EQ(ServerHelloDone::kType, HandshakeType::server_hello_done);
  EXPECT_EQ(EndOfEarlyData::kType, HandshakeType::end_of_early_data);
}

TEST(AlertMessage, DecodesLevelAndDescriptionKeepingUnknownDescriptions) {
  const auto alert = AlertMessage::decode(hex("0228"));
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->level, AlertLevel::fatal);
  EXPECT_EQ(alert->description, AlertDescription::handshake_failure);
  const auto unknown = AlertMessage::decode(hex("01fe"));
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(static_cast<int>(unknown->description), 0xfe);
  test::expect_round_trip(AlertMessage{AlertLevel::warning, AlertDescription::close_notify});
  test::expect_every_truncation_fails(hex("0228"), AlertMessage::decode);
  test::expect_trailing_byte_fails(hex("0228"), AlertMessage::decode);
}

TEST(AlertMessage, RefusesALevelOtherThanWarningOrFatal) {
  for (const int level : {0, 3, 255}) {
    const Bytes body{static_cast<std::uint8_t>(level), 0x28};
    const auto alert = AlertMessage::decode(body);
    test::expect_illegal(alert);
    test::expect_reason_mentions(alert, "level");
  }
}

}  // namespace
}  // namespace cpptls::wire
