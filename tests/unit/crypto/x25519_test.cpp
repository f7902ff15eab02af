// X25519 through key_share_from_private + derive: RFC 7748 5.2 and 6.1, and the refusals
// of RFC 7748 6.1 / RFC 8446 7.4.2 (all-zero result) and of wrong lengths.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

std::unique_ptr<KeyShare> share_from(std::string_view scalar_hex) {
  auto share = real_provider().key_share_from_private(NamedGroup::x25519, hex(scalar_hex));
  EXPECT_TRUE(share.has_value()) << share.error().to_string();
  return share ? std::move(*share) : nullptr;
}

Bytes derive(const KeyShare& share, ByteView peer) {
  auto secret = share.derive(peer);
  EXPECT_TRUE(secret.has_value()) << secret.error().to_string();
  return secret ? Bytes(secret->begin(), secret->end()) : Bytes{};
}

void expect_invalid_public(const KeyShare& share, ByteView peer, std::string_view reason_part) {
  auto secret = share.derive(peer);
  ASSERT_FALSE(secret.has_value());
  EXPECT_EQ(secret.error().code(), ErrorCode::invalid_public_value);
  EXPECT_EQ(secret.error().alert(), AlertDescription::illegal_parameter);
  EXPECT_NE(secret.error().reason().find(reason_part), std::string::npos)
      << secret.error().reason();
}

TEST(X25519, Rfc7748Section5_2FirstVector) {
  auto share = share_from("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(derive(*share, hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")),
            hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"));
}

// The input u-coordinate has its top bit set, which RFC 7748 5 says to ignore.
TEST(X25519, Rfc7748Section5_2SecondVectorIgnoresTheTopBit) {
  auto share = share_from("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(derive(*share, hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")),
            hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"));
}

TEST(X25519, Rfc7748Section6_1DiffieHellman) {
  auto alice = share_from("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  auto bob = share_from("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  ASSERT_NE(alice, nullptr);
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(alice->group(), NamedGroup::x25519);
  EXPECT_EQ(Bytes(alice->public_value().begin(), alice->public_value().end()),
            hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
  EXPECT_EQ(Bytes(bob->public_value().begin(), bob->public_value().end()),
            hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
  const Bytes shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(derive(*alice, bob->public_value()), shared);
  EXPECT_EQ(derive(*bob, alice->public_value()), shared);
}

TEST(X25519, GeneratedSharesAgree) {
  auto a = real_provider().generate_key_share(NamedGroup::x25519);
  auto b = real_provider().generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ((*a)->public_value().size(), 32U);
  EXPECT_NE(Bytes((*a)->public_value().begin(), (*a)->public_value().end()),
            Bytes((*b)->public_value().begin(), (*b)->public_value().end()));
  EXPECT_EQ(derive(**a, (*b)->public_value()), derive(**b, (*a)->public_value()));
}

// Low-order points (u = 0, u = 1, u = p which reduces to 0) give an all-zero secret.
TEST(X25519, RefusesLowOrderPointsWithAllZeroResult) {
  auto share = real_provider().generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(share.has_value());
  expect_invalid_public(**share, Bytes(32, 0x00), "all zeros");
  Bytes one(32, 0x00);
  one[0] = 0x01;
  expect_invalid_public(**share, one, "all zeros");
  expect_invalid_public(**share,
                        hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
                        "all zeros");
}

TEST(X25519, RefusesPublicValuesOfTheWrongLength) {
  auto share = real_provider().generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(share.has_value());
  expect_invalid_public(**share, Bytes(31, 0x09), "has 31 bytes");
  expect_invalid_public(**share, Bytes(33, 0x09), "has 33 bytes");
  expect_invalid_public(**share, {}, "has 0 bytes");
}

TEST(X25519, RefusesAPrivateKeyOfTheWrongLength) {
  auto share = real_provider().key_share_from_private(NamedGroup::x25519, Bytes(31, 0x01));
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().code(), ErrorCode::invalid_key);
}

TEST(KeyShare, RefusesAnUnsupportedGroup) {
  auto share = real_provider().generate_key_share(NamedGroup::x448);
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().code(), ErrorCode::unsupported_algorithm);
}

}  // namespace
}  // namespace cpptls::crypto
