// The extensions with empty, numeric or single opaque bodies.
#include "wire/messages/ext_simple.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::hex;
using test::prefixed;

template <class Empty>
void expect_empty_body_rules() {
  EXPECT_TRUE(Empty::decode(ByteView()).has_value());
  test::expect_round_trip(Empty{});
  EXPECT_TRUE(test::encode_body(Empty{}).empty());
  const auto not_empty = Empty::decode(hex("00"));
  test::expect_decode_error(not_empty, ErrorCode::trailing_data);
}

TEST(EmptyExtensions, AcceptOnlyAnEmptyBody) {
  expect_empty_body_rules<ExtendedMasterSecret>();
  expect_empty_body_rules<PostHandshakeAuth>();
  expect_empty_body_rules<EarlyDataIndication>();
  expect_empty_body_rules<ServerNameAcknowledgement>();
  test::expect_reason_mentions(ExtendedMasterSecret::decode(hex("0000")), "extended_master_secret");
}

TEST(EarlyData, NewSessionTicketFormCarriesTheMaximumSize) {
  const auto size = MaxEarlyDataSize::decode(hex("00004000"));
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->max_early_data_size, 0x4000U);
  test::expect_round_trip(MaxEarlyDataSize{0xffffffff});
  test::expect_every_truncation_fails(hex("00004000"), MaxEarlyDataSize::decode);
  test::expect_trailing_byte_fails(hex("00004000"), MaxEarlyDataSize::decode);
}

TEST(Cookie, DecodesAndRoundTrips) {
  const Bytes data = hex("0003 c0ffee");
  const auto cookie = Cookie::decode(data);
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->cookie.data(), data.data() + 2);
  test::expect_round_trip(*cookie);
  test::expect_every_truncation_fails(data, Cookie::decode);
  test::expect_trailing_byte_fails(data, Cookie::decode);
}

// RFC 8446 4.2.2: cookie<1..2^16-1>.
TEST(Cookie, EnforcesTheBounds) {
  test::expect_decode_error(Cookie::decode(hex("0000")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(Cookie::decode(hex("0001 00")).has_value());
  EXPECT_TRUE(Cookie::decode(prefixed(2, Bytes(0xffff, 7))).has_value());
}

TEST(RenegotiationInfo, DecodesTheEmptyInitialFormAndAVerifyData) {
  const auto initial = RenegotiationInfo::decode(hex("00"));
  ASSERT_TRUE(initial.has_value());
  EXPECT_TRUE(initial->renegotiated_connection.empty());
  const Bytes data = prefixed(1, Bytes(24, 0x42));
  const auto renegotiating = RenegotiationInfo::decode(data);
  ASSERT_TRUE(renegotiating.has_value());
  EXPECT_EQ(renegotiating->renegotiated_connection.size(), 24U);
  test::expect_round_trip(*renegotiating);
  test::expect_every_truncation_fails(data, RenegotiationInfo::decode);
  test::expect_trailing_byte_fails(data, RenegotiationInfo::decode);
}

// RFC 5746 3.2: renegotiated_connection<0..255>.
TEST(RenegotiationInfo, AcceptsTheLargestBody) {
  EXPECT_TRUE(RenegotiationInfo::decode(prefixed(1, Bytes(255, 1))).has_value());
  test::expect_decode_error(RenegotiationInfo::decode(ByteView()), ErrorCode::truncated);
}

TEST(SessionTicket, TheWholeBodyIsTheTicketAndMayBeEmpty) {
  const auto empty = SessionTicketExtension::decode(ByteView());
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->ticket.empty());
  const Bytes data = hex("0102030405");
  const auto ticket = SessionTicketExtension::decode(data);
  ASSERT_TRUE(ticket.has_value());
  EXPECT_EQ(ticket->ticket.data(), data.data());
  EXPECT_EQ(ticket->ticket.size(), 5U);
  test::expect_round_trip(*ticket);
}

TEST(RecordSizeLimit, DecodesAndRoundTrips) {
  const auto limit = RecordSizeLimit::decode(hex("4001"));
  ASSERT_TRUE(limit.has_value());
  EXPECT_EQ(limit->limit, 0x4001U);
  test::expect_round_trip(*limit);
  test::expect_every_truncation_fails(hex("4001"), RecordSizeLimit::decode);
  test::expect_trailing_byte_fails(hex("4001"), RecordSizeLimit::decode);
}

// RFC 8449 4: a limit below 64 is illegal_parameter.
TEST(RecordSizeLimit, RefusesALimitBelow64) {
  EXPECT_TRUE(RecordSizeLimit::decode(hex("0040")).has_value());
  EXPECT_TRUE(RecordSizeLimit::decode(hex("ffff")).has_value());
  const auto small = RecordSizeLimit::decode(hex("003f"));
  test::expect_illegal(small);
  test::expect_reason_mentions(small, "63");
  test::expect_illegal(RecordSizeLimit::decode(hex("0000")));
}

}  // namespace
}  // namespace cpptls::wire
