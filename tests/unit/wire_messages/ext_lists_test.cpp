// The extensions whose bodies are lists of code points: supported_groups,
// signature_algorithms(_cert), ec_point_formats, psk_key_exchange_modes, supported_versions.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/ext_code_point_lists.hpp"

namespace cpptls::wire {
namespace {

using test::hex;
using test::prefixed;

// A u16-prefixed list of `count` 16-bit entries (0x0a0a, 0x0a0b, ...).
Bytes u16_list(std::size_t count) {
  Bytes body;
  for (std::size_t i = 0; i < count; ++i) {
    body.push_back(0x0a);
    body.push_back(static_cast<std::uint8_t>(i));
  }
  return prefixed(2, body);
}

TEST(SupportedGroups, DecodesInOrderKeepingUnknownGroups) {
  const Bytes data = hex("0008 001d 0017 0a0a 0100");
  const auto groups = NamedGroupList::decode(data);
  ASSERT_TRUE(groups.has_value());
  EXPECT_EQ(groups->groups, (std::vector{NamedGroup::x25519, NamedGroup::secp256r1,
                                         static_cast<NamedGroup>(0x0a0a), NamedGroup::ffdhe2048}));
  test::expect_round_trip(*groups);
  test::expect_every_truncation_fails(data, NamedGroupList::decode);
  test::expect_trailing_byte_fails(data, NamedGroupList::decode);
}

// RFC 8446 4.2.7: named_group_list<2..2^16-1>, in 2-byte entries.
TEST(SupportedGroups, EnforcesTheBoundsAndAnEvenLength) {
  test::expect_decode_error(NamedGroupList::decode(hex("0000")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(NamedGroupList::decode(u16_list(1)).has_value());
  test::expect_decode_error(NamedGroupList::decode(hex("0003 001d00")),
                            ErrorCode::length_out_of_range);
  // 2^16-1 is odd, so the largest list is 2^16-2 bytes; one byte more is ragged.
  EXPECT_TRUE(NamedGroupList::decode(u16_list(0x7fff)).has_value());
  Bytes ragged = u16_list(0x7fff);
  ragged[0] = 0xff;
  ragged[1] = 0xff;
  ragged.push_back(0);
  test::expect_decode_error(NamedGroupList::decode(ragged), ErrorCode::length_out_of_range);
}

TEST(SignatureAlgorithms, DecodesInOrderAndRoundTrips) {
  const Bytes data = hex("0006 0403 0804 0201");
  const auto schemes = SignatureSchemeList::decode(data);
  ASSERT_TRUE(schemes.has_value());
  EXPECT_EQ(schemes->schemes,
            (std::vector{SignatureScheme::ecdsa_secp256r1_sha256,
                         SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::rsa_pkcs1_sha1}));
  test::expect_round_trip(*schemes);
  test::expect_every_truncation_fails(data, SignatureSchemeList::decode);
  test::expect_trailing_byte_fails(data, SignatureSchemeList::decode);
}

// RFC 8446 4.2.3: supported_signature_algorithms<2..2^16-2>.
TEST(SignatureAlgorithms, EnforcesTheBoundsAndAnEvenLength) {
  test::expect_decode_error(SignatureSchemeList::decode(hex("0000")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(SignatureSchemeList::decode(u16_list(1)).has_value());
  test::expect_decode_error(SignatureSchemeList::decode(hex("0001 04")),
                            ErrorCode::length_out_of_range);
  test::expect_decode_error(SignatureSchemeList::decode(hex("0005 0403080400")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(SignatureSchemeList::decode(u16_list(0x7fff)).has_value());
  Bytes past = u16_list(0x7fff);
  past[0] = 0xff;
  past[1] = 0xff;
  past.push_back(0);
  const auto result = SignatureSchemeList::decode(past);
  test::expect_decode_error(result, ErrorCode::length_out_of_range);
  test::expect_reason_mentions(result, "65535");
}

TEST(EcPointFormats, ReportsWhetherUncompressedIsListed) {
  const auto with = EcPointFormatList::decode(hex("03 010200"));
  ASSERT_TRUE(with.has_value());
  EXPECT_TRUE(with->has_uncompressed());
  const auto without = EcPointFormatList::decode(hex("02 0102"));
  ASSERT_TRUE(without.has_value());
  EXPECT_FALSE(without->has_uncompressed());
  test::expect_round_trip(*with);
  test::expect_every_truncation_fails(hex("03 010200"), EcPointFormatList::decode);
  test::expect_trailing_byte_fails(hex("03 010200"), EcPointFormatList::decode);
}

// RFC 8422 5.1.2: ec_point_format_list<1..2^8-1>.
TEST(EcPointFormats, EnforcesTheBounds) {
  test::expect_decode_error(EcPointFormatList::decode(hex("00")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(EcPointFormatList::decode(hex("01 00")).has_value());
  EXPECT_TRUE(EcPointFormatList::decode(prefixed(1, Bytes(255, 7))).has_value());
}

TEST(PskKeyExchangeModes, DecodesKeepingUnknownModes) {
  const auto modes = PskKeyExchangeModes::decode(hex("03 01 00 09"));
  ASSERT_TRUE(modes.has_value());
  EXPECT_EQ(modes->modes, (std::vector{PskKeyExchangeMode::psk_dhe_ke, PskKeyExchangeMode::psk_ke,
                                       static_cast<PskKeyExchangeMode>(9)}));
  test::expect_round_trip(*modes);
  test::expect_every_truncation_fails(hex("03 01 00 09"), PskKeyExchangeModes::decode);
  test::expect_trailing_byte_fails(hex("03 01 00 09"), PskKeyExchangeModes::decode);
}

// RFC 8446 4.2.9: ke_modes<1..255>.
TEST(PskKeyExchangeModes, EnforcesTheBounds) {
  test::expect_decode_error(PskKeyExchangeModes::decode(hex("00")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(PskKeyExchangeModes::decode(hex("01 01")).has_value());
  EXPECT_TRUE(PskKeyExchangeModes::decode(prefixed(1, Bytes(255, 1))).has_value());
}

TEST(SupportedVersions, DecodesTheClientListInOrder) {
  const Bytes data = hex("06 0304 7f1c 0303");
  const auto versions = SupportedVersionsClientHello::decode(data);
  ASSERT_TRUE(versions.has_value());
  EXPECT_EQ(versions->versions,
            (std::vector{ProtocolVersion::tls13, static_cast<ProtocolVersion>(0x7f1c),
                         ProtocolVersion::tls12}));
  test::expect_round_trip(*versions);
  test::expect_every_truncation_fails(data, SupportedVersionsClientHello::decode);
  test::expect_trailing_byte_fails(data, SupportedVersionsClientHello::decode);
}

// RFC 8446 4.2.1: versions<2..254>.
TEST(SupportedVersions, EnforcesTheClientListBounds) {
  test::expect_decode_error(SupportedVersionsClientHello::decode(hex("00")),
                            ErrorCode::length_out_of_range);
  test::expect_decode_error(SupportedVersionsClientHello::decode(hex("01 03")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(SupportedVersionsClientHello::decode(hex("02 0304")).has_value());
  test::expect_decode_error(SupportedVersionsClientHello::decode(hex("03 030403")),
                            ErrorCode::length_out_of_range);
  EXPECT_TRUE(SupportedVersionsClientHello::decode(prefixed(1, Bytes(254, 3))).has_value());
  test::expect_decode_error(SupportedVersionsClientHello::decode(prefixed(1, Bytes(255, 3))),
                            ErrorCode::length_out_of_range);
}

TEST(SupportedVersions, ServerFormIsOneVersion) {
  const auto selected = SupportedVersionsServerHello::decode(hex("0304"));
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ(selected->selected_version, ProtocolVersion::tls13);
  test::expect_round_trip(SupportedVersionsServerHello{static_cast<ProtocolVersion>(0x0305)});
  test::expect_every_truncation_fails(hex("0304"), SupportedVersionsServerHello::decode);
  test::expect_trailing_byte_fails(hex("0304"), SupportedVersionsServerHello::decode);
  // A client-style list is not a selected version.
  test::expect_decode_error(SupportedVersionsServerHello::decode(hex("02 0304")),
                            ErrorCode::trailing_data);
}

}  // namespace
}  // namespace cpptls::wire
