#include "wire/messages/new_session_ticket.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

TEST(NewSessionTicket12, DecodesHintAndTicket) {
  const Bytes body = cat({hex("00001c20"), prefixed(2, filled(100, 0x7e))});
  const auto ticket = NewSessionTicket12::decode(body);
  ASSERT_TRUE(ticket.has_value());
  EXPECT_EQ(ticket->ticket_lifetime_hint, 7200U);
  EXPECT_EQ(ticket->ticket.data(), body.data() + 6);
  test::expect_round_trip(*ticket);
  test::expect_every_truncation_fails(body, NewSessionTicket12::decode);
  test::expect_trailing_byte_fails(body, NewSessionTicket12::decode);
}

// RFC 5077 3.3: ticket<0..2^16-1>; an empty ticket withdraws the one announced.
TEST(NewSessionTicket12, AcceptsBothEndsOfTheTicketBound) {
  EXPECT_TRUE(NewSessionTicket12::decode(hex("00000000 0000")).has_value());
  EXPECT_TRUE(NewSessionTicket12::decode(cat({hex("ffffffff"), prefixed(2, filled(0xffff))})));
}

Bytes ticket13(ByteView lifetime, ByteView nonce, ByteView ticket, ByteView extensions) {
  return cat({lifetime, hex("01020304"), prefixed(1, nonce), prefixed(2, ticket), extensions});
}

TEST(NewSessionTicket13, DecodesEveryField) {
  const Bytes body =
      ticket13(hex("0000001e"), hex("0000"), filled(10, 0x33), hex("0008 002a 0004 00000400"));
  const auto ticket = NewSessionTicket13::decode(body);
  ASSERT_TRUE(ticket.has_value()) << ticket.error().to_string();
  EXPECT_EQ(ticket->ticket_lifetime, 30U);
  EXPECT_EQ(ticket->ticket_age_add, 0x01020304U);
  EXPECT_EQ(ticket->ticket_nonce.size(), 2U);
  EXPECT_EQ(ticket->ticket.size(), 10U);
  ASSERT_EQ(ticket->extensions.size(), 1U);
  EXPECT_EQ(ticket->extensions[0].type, ExtensionType::early_data);
  EXPECT_EQ(test::encode_body(*ticket), body);
  test::expect_every_truncation_fails(body, NewSessionTicket13::decode);
  test::expect_trailing_byte_fails(body, NewSessionTicket13::decode);
}

TEST(NewSessionTicket13, RoundTripsABuiltTicket) {
  const Bytes nonce = hex("00"), blob = filled(20);
  test::expect_round_trip(NewSessionTicket13{kMaxTicketLifetime, 0xdeadbeef, nonce, blob, {}});
}

// RFC 8446 4.6.1: a lifetime above 604800 seconds is illegal.
TEST(NewSessionTicket13, AcceptsSevenDaysAndRefusesOneSecondMore) {
  const Bytes blob = filled(4);
  EXPECT_TRUE(NewSessionTicket13::decode(ticket13(hex("00093a80"), ByteView(), blob, hex("0000"))));
  const auto too_long =
      NewSessionTicket13::decode(ticket13(hex("00093a81"), ByteView(), blob, hex("0000")));
  test::expect_illegal(too_long);
  test::expect_reason_mentions(too_long, "604801");
}

// ticket_nonce<0..255>, ticket<1..2^16-1>, extensions<0..2^16-2>.
TEST(NewSessionTicket13, EnforcesTheBounds) {
  const Bytes life = hex("00000001"), blob = filled(4), none = hex("0000");
  EXPECT_TRUE(NewSessionTicket13::decode(ticket13(life, filled(255), blob, none)));
  test::expect_decode_error(
      NewSessionTicket13::decode(ticket13(life, ByteView(), ByteView(), none)),
      ErrorCode::length_out_of_range);
  EXPECT_TRUE(NewSessionTicket13::decode(ticket13(life, ByteView(), filled(1), none)));
  EXPECT_TRUE(NewSessionTicket13::decode(ticket13(life, ByteView(), filled(0xffff), none)));
  Bytes largest = hex("fffe fafa fffa");
  largest.resize(2 + 0xfffe, 0);
  EXPECT_TRUE(NewSessionTicket13::decode(ticket13(life, ByteView(), blob, largest)));
  Bytes past = hex("ffff fafa fffb");
  past.resize(2 + 0xffff, 0);
  test::expect_decode_error(NewSessionTicket13::decode(ticket13(life, ByteView(), blob, past)),
                            ErrorCode::length_out_of_range);
}

TEST(NewSessionTicket13, RefusesAnExtensionOtherThanEarlyData) {
  const auto ticket = NewSessionTicket13::decode(
      ticket13(hex("00000001"), ByteView(), filled(4), hex("0004 0000 0000")));
  test::expect_illegal(ticket);
  test::expect_reason_mentions(ticket, "NewSessionTicket");
}

}  // namespace
}  // namespace cpptls::wire
