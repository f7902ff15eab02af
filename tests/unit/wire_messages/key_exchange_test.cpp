// ServerKeyExchange (ECDHE) and both ClientKeyExchange forms.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/client_key_exchange.hpp"
#include "wire/messages/server_key_exchange.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

const Bytes kPoint = cat({hex("04"), filled(64, 0x21)});

Bytes ske(std::uint8_t curve_type, ByteView point, ByteView signature) {
  return cat(
      {Bytes{curve_type}, hex("0017"), prefixed(1, point), hex("0403"), prefixed(2, signature)});
}

TEST(ServerKeyExchange, DecodesTheParamsAndTheSignature) {
  const Bytes signature = filled(71, 0x30);
  const Bytes body = ske(3, kPoint, signature);
  const auto message = ServerKeyExchangeEcdhe::decode(body);
  ASSERT_TRUE(message.has_value()) << message.error().to_string();
  EXPECT_EQ(message->group, NamedGroup::secp256r1);
  EXPECT_EQ(message->public_point.size(), 65U);
  EXPECT_EQ(message->scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_EQ(message->signature.size(), 71U);
  EXPECT_EQ(test::encode_body(*message), body);
  test::expect_every_truncation_fails(body, ServerKeyExchangeEcdhe::decode);
  test::expect_trailing_byte_fails(body, ServerKeyExchangeEcdhe::decode);
}

// The signed input is client_random + server_random + ServerECDHParams (RFC 8422 5.4).
TEST(ServerKeyExchange, ExposesTheParamsBytesThatTheSignatureCovers) {
  const Bytes body = ske(3, kPoint, filled(8));
  const auto message = ServerKeyExchangeEcdhe::decode(body);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->params.data(), body.data());
  EXPECT_EQ(message->params.size(), 1U + 2 + 1 + 65);
  Bytes params;
  Writer writer(params);
  message->encode_params(writer);
  EXPECT_EQ(params, Bytes(message->params.begin(), message->params.end()));
}

TEST(ServerKeyExchange, RoundTripsABuiltMessage) {
  const Bytes point = filled(32, 9), signature = filled(64, 8);
  test::expect_round_trip(
      ServerKeyExchangeEcdhe{NamedGroup::x25519, point, SignatureScheme::ed25519, signature, {}});
}

TEST(ServerKeyExchange, RefusesExplicitCurvesWithIllegalParameter) {
  for (const std::uint8_t curve_type : {1, 2, 0, 255}) {
    const auto message = ServerKeyExchangeEcdhe::decode(ske(curve_type, kPoint, filled(8)));
    test::expect_illegal(message);
    test::expect_reason_mentions(message, "curve_type");
  }
}

// RFC 8422 5.4: point<1..2^8-1>; RFC 5246 4.7: signature<0..2^16-1>.
TEST(ServerKeyExchange, EnforcesTheBounds) {
  test::expect_decode_error(ServerKeyExchangeEcdhe::decode(ske(3, ByteView(), filled(8))),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(ServerKeyExchangeEcdhe::decode(ske(3, filled(1), filled(8))).has_value());
  EXPECT_TRUE(ServerKeyExchangeEcdhe::decode(ske(3, filled(255), filled(8))).has_value());
  EXPECT_TRUE(ServerKeyExchangeEcdhe::decode(ske(3, kPoint, ByteView())).has_value());
  EXPECT_TRUE(ServerKeyExchangeEcdhe::decode(ske(3, kPoint, filled(0xffff))).has_value());
}

TEST(ClientKeyExchangeRsa, DecodesTheEncryptedPreMasterSecret) {
  const Bytes body = prefixed(2, filled(256, 0x5c));
  const auto message = ClientKeyExchangeRsa::decode(body);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->encrypted_pre_master_secret.size(), 256U);
  EXPECT_EQ(message->encrypted_pre_master_secret.data(), body.data() + 2);
  test::expect_round_trip(*message);
  test::expect_every_truncation_fails(body, ClientKeyExchangeRsa::decode);
  test::expect_trailing_byte_fails(body, ClientKeyExchangeRsa::decode);
}

// Any size is passed on: the RSA countermeasure treats a wrong size like any bad padding.
TEST(ClientKeyExchangeRsa, PassesOnEverySizeForTheDecryptionToJudge) {
  EXPECT_TRUE(ClientKeyExchangeRsa::decode(hex("0000")).has_value());
  EXPECT_TRUE(ClientKeyExchangeRsa::decode(prefixed(2, filled(0xffff))).has_value());
  // The SSLv3 form without a length is not accepted.
  test::expect_decode_error(ClientKeyExchangeRsa::decode(filled(256, 0x5c)), ErrorCode::truncated);
}

TEST(ClientKeyExchangeEcdhe, DecodesThePoint) {
  const Bytes body = prefixed(1, kPoint);
  const auto message = ClientKeyExchangeEcdhe::decode(body);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->public_point.size(), 65U);
  test::expect_round_trip(*message);
  test::expect_every_truncation_fails(body, ClientKeyExchangeEcdhe::decode);
  test::expect_trailing_byte_fails(body, ClientKeyExchangeEcdhe::decode);
}

// RFC 8422 5.7: ECPoint point<1..2^8-1>.
TEST(ClientKeyExchangeEcdhe, EnforcesThePointBounds) {
  test::expect_decode_error(ClientKeyExchangeEcdhe::decode(hex("00")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(ClientKeyExchangeEcdhe::decode(hex("01 04")).has_value());
  EXPECT_TRUE(ClientKeyExchangeEcdhe::decode(prefixed(1, filled(255))).has_value());
}

}  // namespace
}  // namespace cpptls::wire
