// OCSP stapling's wire forms (RFC 6066 8): the status_request a client sends and the
// CertificateStatus a server answers with.
#include "wire/messages/certificate_status.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::hex;

TEST(CertificateStatusRequest, DecodesAnOcspRequestWithResponderIdsAndExtensions) {
  // ocsp, responder_id_list { "ab", "c" }, request_extensions "xyz".
  const Bytes data = hex("01 0007 0002 6162 0001 63 0003 78797a");
  const auto request = CertificateStatusRequest::decode(data);
  ASSERT_TRUE(request.has_value()) << request.error().to_string();
  EXPECT_TRUE(request->is_ocsp());
  EXPECT_EQ(request->responder_id_list.size(), 7U);
  EXPECT_EQ(request->request_extensions.size(), 3U);
  EXPECT_EQ(test::encode_body(*request), data);
  test::expect_every_truncation_fails(data, CertificateStatusRequest::decode);
  test::expect_trailing_byte_fails(data, CertificateStatusRequest::decode);
}

TEST(CertificateStatusRequest, TheCommonEmptyRequestRoundTrips) {
  const Bytes data = hex("01 0000 0000");
  const auto request = CertificateStatusRequest::decode(data);
  ASSERT_TRUE(request.has_value());
  EXPECT_TRUE(request->responder_id_list.empty());
  EXPECT_TRUE(request->request_extensions.empty());
  test::expect_round_trip(*request);
  EXPECT_EQ(test::encode_body(CertificateStatusRequest{}), data);
}

TEST(CertificateStatusRequest, AnEmptyResponderIdIsADecodeError) {
  test::expect_decode_error(CertificateStatusRequest::decode(hex("01 0002 0000 0000")),
                            ErrorCode::length_out_of_range);
}

TEST(CertificateStatusRequest, AResponderIdRunningPastItsListIsADecodeError) {
  EXPECT_FALSE(CertificateStatusRequest::decode(hex("01 0003 0005 6162 0000")).has_value());
}

TEST(CertificateStatusRequest, AnEmptyBodyIsADecodeError) {
  EXPECT_FALSE(CertificateStatusRequest::decode(ByteView()).has_value());
}

TEST(CertificateStatusRequest, AnotherStatusTypeIsKeptUnreadAndNotOcsp) {
  // RFC 6961's ocsp_multi (2): a list the server does not read.
  const Bytes data = hex("02 0004 0000 0000");
  const auto request = CertificateStatusRequest::decode(data);
  ASSERT_TRUE(request.has_value());
  EXPECT_FALSE(request->is_ocsp());
  EXPECT_EQ(test::encode_body(*request), data);
}

TEST(CertificateStatus, DecodesAnOcspResponse) {
  const Bytes data = hex("01 000004 01020304");
  const auto status = CertificateStatus::decode(data);
  ASSERT_TRUE(status.has_value()) << status.error().to_string();
  EXPECT_EQ(Bytes(status->ocsp_response.begin(), status->ocsp_response.end()), hex("01020304"));
  EXPECT_EQ(test::encode_body(*status), data);
  test::expect_every_truncation_fails(data, CertificateStatus::decode);
  test::expect_trailing_byte_fails(data, CertificateStatus::decode);
}

TEST(CertificateStatus, AnEmptyResponseIsADecodeError) {
  // RFC 6066 8: opaque OCSPResponse<1..2^24-1>.
  test::expect_decode_error(CertificateStatus::decode(hex("01 000000")),
                            ErrorCode::length_out_of_range);
}

TEST(CertificateStatus, AStatusTypeOtherThanOcspIsIllegal) {
  const auto status = CertificateStatus::decode(hex("02 000001 00"));
  test::expect_illegal(status);
  test::expect_reason_mentions(status, "status_type 2");
}

}  // namespace
}  // namespace cpptls::wire
