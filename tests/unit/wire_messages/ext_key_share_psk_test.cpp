// key_share and pre_shared_key, in each of their forms.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::hex;
using test::prefixed;

Bytes share(std::uint16_t group, ByteView key) {
  return cat({Bytes{static_cast<std::uint8_t>(group >> 8), static_cast<std::uint8_t>(group)},
              prefixed(2, key)});
}

TEST(KeyShare, DecodesClientSharesInOrderAsViews) {
  const Bytes valid = prefixed(
      2, cat({share(0x001d, hex("aabbcc")), share(0x0017, hex("04")), share(0xfafa, hex("00"))}));
  const auto shares = KeyShareClientHello::decode(valid);
  ASSERT_TRUE(shares.has_value()) << shares.error().to_string();
  ASSERT_EQ(shares->shares.size(), 3U);
  EXPECT_EQ(shares->shares[0].group, NamedGroup::x25519);
  EXPECT_EQ(shares->shares[0].key_exchange.data(), valid.data() + 6);
  EXPECT_EQ(shares->shares[1].group, NamedGroup::secp256r1);
  EXPECT_EQ(static_cast<std::uint16_t>(shares->shares[2].group), 0xfafaU);
  test::expect_round_trip(*shares);
  test::expect_every_truncation_fails(valid, KeyShareClientHello::decode);
  test::expect_trailing_byte_fails(valid, KeyShareClientHello::decode);
}

// RFC 8446 4.2.8: key_exchange<1..2^16-1>.
TEST(KeyShare, RefusesAnEmptyKeyExchange) {
  test::expect_decode_error(KeyShareClientHello::decode(hex("0004 001d 0000")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(KeyShareClientHello::decode(hex("0005 001d 0001 09")).has_value());
}

// RFC 8446 4.2.8: client_shares<0..2^16-1> (empty asks the server for a HelloRetryRequest).
TEST(KeyShare, AcceptsAnEmptyClientListAndTheLargestKeyExchange) {
  const auto empty = KeyShareClientHello::decode(hex("0000"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->shares.empty());
  // key_exchange<1..2^16-1> cannot reach its maximum inside a 2^16-1 list, but one share can
  // fill the list: 4 bytes of header and 65531 of key.
  const Bytes largest = prefixed(2, cat({hex("001d"), prefixed(2, Bytes(0xfffb, 1))}));
  EXPECT_TRUE(KeyShareClientHello::decode(largest).has_value());
}

TEST(KeyShare, RefusesTwoSharesForOneGroup) {
  const auto twice = KeyShareClientHello::decode(hex("000c 001d 0002 0102 001d 0002 0304"));
  test::expect_illegal(twice, ErrorCode::duplicate_entry);
  test::expect_reason_mentions(twice, "x25519");
}

TEST(KeyShare, ServerFormIsOneEntry) {
  const Bytes data = hex("0017 0003 040506");
  const auto share = KeyShareServerHello::decode(data);
  ASSERT_TRUE(share.has_value());
  EXPECT_EQ(share->share.group, NamedGroup::secp256r1);
  EXPECT_EQ(share->share.key_exchange.size(), 3U);
  test::expect_round_trip(*share);
  test::expect_every_truncation_fails(data, KeyShareServerHello::decode);
  test::expect_trailing_byte_fails(data, KeyShareServerHello::decode);
  test::expect_decode_error(KeyShareServerHello::decode(hex("0017 0000")),
                            ErrorCode::length_out_of_range);
  // Two entries are not a server share.
  test::expect_decode_error(KeyShareServerHello::decode(hex("0017 0001 04 001d 0001 05")),
                            ErrorCode::trailing_data);
}

TEST(KeyShare, HelloRetryRequestFormIsTheGroupAlone) {
  const auto group = KeyShareHelloRetryRequest::decode(hex("0018"));
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->selected_group, NamedGroup::secp384r1);
  test::expect_round_trip(*group);
  test::expect_every_truncation_fails(hex("0018"), KeyShareHelloRetryRequest::decode);
  test::expect_trailing_byte_fails(hex("0018"), KeyShareHelloRetryRequest::decode);
}

Bytes identity(ByteView id, std::uint32_t age) {
  Bytes out = prefixed(2, id);
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(age >> shift));
  return out;
}

Bytes offered(std::initializer_list<ByteView> identities, std::initializer_list<ByteView> binders) {
  Bytes ids;
  for (const ByteView id : identities)
    ids = cat({ids, identity(id, 0x01020304)});
  Bytes bs;
  for (const ByteView b : binders)
    bs = cat({bs, prefixed(1, b)});
  return cat({prefixed(2, ids), prefixed(2, bs)});
}

TEST(PreSharedKey, DecodesIdentitiesAndBinders) {
  const Bytes id1 = hex("0a0b0c"), id2 = hex("ff");
  const Bytes b1 = Bytes(32, 0x11), b2 = Bytes(48, 0x22);
  const Bytes data = offered({id1, id2}, {b1, b2});
  const auto psks = OfferedPsks::decode(data);
  ASSERT_TRUE(psks.has_value()) << psks.error().to_string();
  ASSERT_EQ(psks->identities.size(), 2U);
  EXPECT_EQ(Bytes(psks->identities[0].identity.begin(), psks->identities[0].identity.end()), id1);
  EXPECT_EQ(psks->identities[1].obfuscated_ticket_age, 0x01020304U);
  ASSERT_EQ(psks->binders.size(), 2U);
  EXPECT_EQ(psks->binders[1].size(), 48U);
  // The binders list: 2 + (1 + 32) + (1 + 48) bytes, the last of the extension.
  EXPECT_EQ(psks->binders_list_size(), 84U);
  EXPECT_EQ(data.size() - psks->binders_list_size(), 2U + (2 + 3 + 4) + (2 + 1 + 4));
  test::expect_round_trip(*psks);
  test::expect_every_truncation_fails(data, OfferedPsks::decode);
  test::expect_trailing_byte_fails(data, OfferedPsks::decode);
}

TEST(PreSharedKey, RefusesADifferentNumberOfBindersAndIdentities) {
  const Bytes b = Bytes(32, 0x11);
  const auto result = OfferedPsks::decode(offered({hex("01"), hex("02")}, {b}));
  test::expect_illegal(result);
  test::expect_reason_mentions(result, "2 identities but 1 binders");
}

// RFC 8446 4.2.11: identities<7..2^16-1> of identity<1..2^16-1>; binders<33..2^16-1> of
// PskBinderEntry<32..255>.
TEST(PreSharedKey, EnforcesTheBounds) {
  const Bytes b32 = Bytes(32, 1);
  // An identity of 1 byte makes the smallest list, 7 bytes.
  EXPECT_TRUE(OfferedPsks::decode(offered({hex("01")}, {b32})).has_value());
  test::expect_decode_error(OfferedPsks::decode(cat({hex("0000"), prefixed(2, prefixed(1, b32))})),
                            ErrorCode::length_out_of_range);
  test::expect_decode_error(
      OfferedPsks::decode(cat({hex("0006 0000 00000000"), prefixed(2, prefixed(1, b32))})),
      ErrorCode::length_out_of_range);
  // An empty identity, padded so that the list still reaches its minimum of 7 bytes.
  test::expect_decode_error(
      OfferedPsks::decode(cat({hex("0007 0000 00000000 00"), prefixed(2, prefixed(1, b32))})),
      ErrorCode::length_out_of_range);
  EXPECT_TRUE(OfferedPsks::decode(offered({Bytes(0xfff9, 7)}, {b32})).has_value());
  // Binders of 31 bytes cannot be PskBinderEntry<32..255>; 32 and 255 can.
  test::expect_decode_error(OfferedPsks::decode(offered({hex("01")}, {Bytes(31, 1)})),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(OfferedPsks::decode(offered({hex("01")}, {Bytes(255, 1)})).has_value());
  // An empty binders list is below its minimum of 33.
  test::expect_decode_error(
      OfferedPsks::decode(cat({prefixed(2, identity(hex("01"), 0)), hex("0000")})),
      ErrorCode::length_out_of_range);
  // A binder entry whose length byte says 32 but that has 31 bytes: the list of 32 is below
  // its minimum of 33.
  test::expect_decode_error(OfferedPsks::decode(cat({prefixed(2, identity(hex("01"), 0)),
                                                     prefixed(2, cat({hex("20"), Bytes(31, 1)}))})),
                            ErrorCode::length_out_of_range);
}

TEST(PreSharedKey, ServerFormIsTheSelectedIndex) {
  const auto selected = SelectedPsk::decode(hex("0001"));
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ(selected->selected_identity, 1U);
  test::expect_round_trip(SelectedPsk{0xffff});
  test::expect_every_truncation_fails(hex("0001"), SelectedPsk::decode);
  test::expect_trailing_byte_fails(hex("0001"), SelectedPsk::decode);
}

}  // namespace
}  // namespace cpptls::wire
