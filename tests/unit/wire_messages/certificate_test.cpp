#include "wire/messages/certificate.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

TEST(Certificate12, DecodesTheChainInOrderAsViews) {
  const Bytes leaf = filled(10, 0x30), ca = filled(4, 0x31);
  const Bytes body = prefixed(3, cat({prefixed(3, leaf), prefixed(3, ca)}));
  const auto certificate = Certificate12::decode(body);
  ASSERT_TRUE(certificate.has_value()) << certificate.error().to_string();
  ASSERT_EQ(certificate->certificate_list.size(), 2U);
  EXPECT_EQ(certificate->certificate_list[0].data(), body.data() + 6);
  EXPECT_EQ(certificate->certificate_list[1].size(), 4U);
  EXPECT_EQ(test::encode_body(*certificate), body);
  test::expect_every_truncation_fails(body, Certificate12::decode);
  test::expect_trailing_byte_fails(body, Certificate12::decode);
}

TEST(Certificate12, RoundTripsAndAcceptsAnEmptyList) {
  const Bytes a = filled(3), b = filled(1);
  test::expect_round_trip(Certificate12{{a, b}});
  const auto empty = Certificate12::decode(hex("000000"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->certificate_list.empty());
}

// RFC 5246 7.4.2: ASN.1Cert<1..2^24-1>.
TEST(Certificate12, RefusesAnEmptyCertificate) {
  test::expect_decode_error(Certificate12::decode(hex("000003 000000")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(Certificate12::decode(hex("000004 000001 30")).has_value());
}

// certificate_list<0..2^24-1>: one certificate can fill it.
TEST(Certificate12, AcceptsTheLargestList) {
  const Bytes body = prefixed(3, prefixed(3, filled(0xfffffc)));
  ASSERT_EQ(body.size(), 3U + 0xffffff);
  const auto certificate = Certificate12::decode(body);
  ASSERT_TRUE(certificate.has_value());
  EXPECT_EQ(certificate->certificate_list[0].size(), 0xfffffcU);
}

Bytes entry(ByteView cert, ByteView extensions) {
  return cat({prefixed(3, cert), prefixed(2, extensions)});
}

TEST(Certificate13, DecodesContextEntriesAndTheirExtensions) {
  const Bytes cert1 = filled(5, 0x30), cert2 = filled(2, 0x30);
  const Bytes body =
      cat({prefixed(1, hex("abcd")),
           prefixed(3, cat({entry(cert1, hex("0005 0003 010000")), entry(cert2, ByteView())}))});
  const auto certificate = Certificate13::decode(body);
  ASSERT_TRUE(certificate.has_value()) << certificate.error().to_string();
  EXPECT_EQ(certificate->certificate_request_context.size(), 2U);
  ASSERT_EQ(certificate->certificate_list.size(), 2U);
  EXPECT_EQ(certificate->certificate_list[0].cert_data.size(), 5U);
  ASSERT_EQ(certificate->certificate_list[0].extensions.size(), 1U);
  EXPECT_EQ(certificate->certificate_list[0].extensions[0].type, ExtensionType::status_request);
  EXPECT_TRUE(certificate->certificate_list[1].extensions.empty());
  EXPECT_EQ(test::encode_body(*certificate), body);
  test::expect_every_truncation_fails(body, Certificate13::decode);
  test::expect_trailing_byte_fails(body, Certificate13::decode);
}

TEST(Certificate13, RoundTripsABuiltMessage) {
  const Bytes context = hex("01"), cert = filled(8), sct = hex("0000");
  Certificate13 certificate;
  certificate.certificate_request_context = context;
  certificate.certificate_list = {{cert, {{ExtensionType::signed_certificate_timestamp, sct}}},
                                  {cert, {}}};
  test::expect_round_trip(certificate);
}

// RFC 8446 4.4.2: certificate_request_context<0..2^8-1>, cert_data<1..2^24-1>.
TEST(Certificate13, EnforcesTheBounds) {
  EXPECT_TRUE(Certificate13::decode(hex("00 000000")).has_value());
  EXPECT_TRUE(Certificate13::decode(cat({prefixed(1, filled(255)), hex("000000")})).has_value());
  test::expect_decode_error(Certificate13::decode(hex("00 000005 000000 0000")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(Certificate13::decode(hex("00 000006 000001 30 0000")).has_value());
}

TEST(Certificate13, RefusesAnExtensionACertificateEntryMayNotCarry) {
  // key_share in a CertificateEntry.
  const auto certificate = Certificate13::decode(hex("00 00000a 000001 30 0004 0033 0000"));
  test::expect_illegal(certificate);
  test::expect_reason_mentions(certificate, "Certificate entry");
}

TEST(Certificate13, RefusesADuplicateExtensionInAnEntry) {
  const auto certificate =
      Certificate13::decode(hex("00 00000e 000001 30 0008 0005 0000 0005 0000"));
  test::expect_decode_error(certificate, ErrorCode::duplicate_entry);
}

}  // namespace
}  // namespace cpptls::wire
