#include "wire/messages/certificate_request.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

Bytes request12(ByteView types, ByteView schemes, ByteView authorities) {
  return cat({types, schemes, authorities});
}

TEST(CertificateRequest12, DecodesTypesSchemesAndAuthorities) {
  const Bytes body =
      request12(hex("02 4001"), hex("0004 0403 0804"), hex("0007 0002 3000 0001 31"));
  const auto request = CertificateRequest12::decode(body);
  ASSERT_TRUE(request.has_value()) << request.error().to_string();
  EXPECT_EQ(request->certificate_types,
            (std::vector{ClientCertificateType::ecdsa_sign, ClientCertificateType::rsa_sign}));
  EXPECT_EQ(
      request->supported_signature_algorithms,
      (std::vector{SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pss_rsae_sha256}));
  ASSERT_EQ(request->certificate_authorities.size(), 2U);
  EXPECT_EQ(request->certificate_authorities[1].size(), 1U);
  EXPECT_EQ(test::encode_body(*request), body);
  test::expect_every_truncation_fails(body, CertificateRequest12::decode);
  test::expect_trailing_byte_fails(body, CertificateRequest12::decode);
}

TEST(CertificateRequest12, RoundTripsABuiltRequest) {
  const Bytes name = hex("3000");
  test::expect_round_trip(CertificateRequest12{
      {ClientCertificateType::rsa_sign, static_cast<ClientCertificateType>(99)},
      {SignatureScheme::rsa_pkcs1_sha256},
      {name}});
}

// RFC 5246 7.4.4: certificate_types<1..2^8-1>, supported_signature_algorithms<2..2^16-2>,
// certificate_authorities<0..2^16-1> of DistinguishedName<1..2^16-1>.
TEST(CertificateRequest12, EnforcesTheBounds) {
  const Bytes schemes = hex("0002 0403"), none = hex("0000");
  test::expect_decode_error(CertificateRequest12::decode(request12(hex("00"), schemes, none)),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(CertificateRequest12::decode(request12(prefixed(1, filled(255, 1)), schemes, none)));
  test::expect_decode_error(CertificateRequest12::decode(request12(hex("01 01"), none, none)),
                            ErrorCode::length_out_of_range);
  test::expect_decode_error(
      CertificateRequest12::decode(request12(hex("01 01"), hex("0003 040308"), none)),
      ErrorCode::length_out_of_range);
  EXPECT_TRUE(
      CertificateRequest12::decode(request12(hex("01 01"), prefixed(2, filled(0xfffe, 4)), none)));
  test::expect_decode_error(
      CertificateRequest12::decode(request12(hex("01 01"), prefixed(2, filled(0xffff, 4)), none)),
      ErrorCode::length_out_of_range);
  test::expect_decode_error(
      CertificateRequest12::decode(request12(hex("01 01"), schemes, hex("0002 0000"))),
      ErrorCode::length_out_of_range);
  EXPECT_TRUE(CertificateRequest12::decode(
      request12(hex("01 01"), schemes, prefixed(2, prefixed(2, filled(0xfffd))))));
}

TEST(CertificateRequest13, DecodesContextAndExtensions) {
  const Bytes body = hex("02 0102 000c 000d 0004 0002 0804 002f 0000");
  // certificate_authorities with an empty body is malformed as a typed body, but the block
  // keeps it raw for the handshake: only the table and duplicates are checked here.
  const auto request = CertificateRequest13::decode(body);
  ASSERT_TRUE(request.has_value()) << request.error().to_string();
  EXPECT_EQ(request->certificate_request_context.size(), 2U);
  ASSERT_EQ(request->extensions.size(), 2U);
  EXPECT_EQ(test::encode_body(*request), body);
  test::expect_every_truncation_fails(body, CertificateRequest13::decode);
  test::expect_trailing_byte_fails(body, CertificateRequest13::decode);
}

TEST(CertificateRequest13, RoundTripsABuiltRequest) {
  const Bytes schemes = hex("0002 0807");
  test::expect_round_trip(
      CertificateRequest13{ByteView(), {{ExtensionType::signature_algorithms, schemes}}});
}

// RFC 8446 4.3.2: the signature_algorithms extension MUST be specified.
TEST(CertificateRequest13, RefusesARequestWithoutSignatureAlgorithms) {
  const auto request = CertificateRequest13::decode(hex("00 0004 0032 0000"));
  ASSERT_FALSE(request.has_value());
  EXPECT_EQ(request.error().kind(), ErrorKind::peer_misbehaved);
  EXPECT_EQ(request.error().code(), ErrorCode::missing_extension);
  EXPECT_EQ(request.error().alert(), AlertDescription::missing_extension);
  test::expect_reason_mentions(request, "signature_algorithms");
}

// RFC 8446 4.3.2: certificate_request_context<0..2^8-1>, extensions<2..2^16-1>.
TEST(CertificateRequest13, EnforcesTheBounds) {
  const Bytes extensions = hex("0008 000d 0004 0002 0804");
  EXPECT_TRUE(CertificateRequest13::decode(cat({prefixed(1, filled(255)), extensions})));
  test::expect_decode_error(CertificateRequest13::decode(hex("00 0000")),
                            ErrorCode::length_out_of_range);
}

TEST(CertificateRequest13, RefusesAnExtensionACertificateRequestMayNotCarry) {
  const auto request = CertificateRequest13::decode(hex("00 000c 000d 0004 0002 0804 002a 0000"));
  test::expect_illegal(request);
  test::expect_reason_mentions(request, "early_data");
}

}  // namespace
}  // namespace cpptls::wire
