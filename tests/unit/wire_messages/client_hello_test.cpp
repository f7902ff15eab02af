#include "wire/messages/client_hello.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "wire/messages/ext_pre_shared_key.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

const Bytes kRandom = filled(32, 0x5a);

// A ClientHello body from its fields, each given with its length prefix.
Bytes hello(ByteView session_id, ByteView suites, ByteView compression, ByteView extensions) {
  return cat({hex("0303"), kRandom, session_id, suites, compression, extensions});
}

Bytes default_suites() {
  return hex("0004 1301 c02f");
}
Bytes null_compression() {
  return hex("01 00");
}
Bytes some_extensions() {
  return hex("000f 0017 0000 002b 0003 020304 fafa 0000");
}

Bytes sample() {
  return hello(prefixed(1, filled(32, 0x11)), default_suites(), null_compression(),
               some_extensions());
}

TEST(ClientHello, DecodesEveryFieldAsViewsIntoTheBody) {
  const Bytes body = sample();
  const auto ch = ClientHello::decode(body);
  ASSERT_TRUE(ch.has_value()) << ch.error().to_string();
  EXPECT_EQ(ch->legacy_version, ProtocolVersion::tls12);
  EXPECT_EQ(Bytes(ch->random.begin(), ch->random.end()), kRandom);
  EXPECT_EQ(ch->legacy_session_id.size(), 32U);
  EXPECT_EQ(ch->legacy_session_id.data(), body.data() + 35);
  EXPECT_EQ(ch->cipher_suites, (std::vector{CipherSuite::TLS_AES_128_GCM_SHA256,
                                            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}));
  EXPECT_EQ(Bytes(ch->legacy_compression_methods.begin(), ch->legacy_compression_methods.end()),
            hex("00"));
  EXPECT_TRUE(ch->has_only_null_compression());
  EXPECT_TRUE(ch->extensions_present);
  ASSERT_EQ(ch->extensions.size(), 3U);
  EXPECT_EQ(ch->extensions[1].type, ExtensionType::supported_versions);
  EXPECT_FALSE(ch->binders_offset.has_value());
  EXPECT_EQ(test::encode_body(*ch), body);
}

TEST(ClientHello, RoundTripsABuiltHello) {
  const Bytes session_id = filled(7, 1);
  const Bytes compression = hex("0100");
  const Bytes sv = hex("020304");
  ClientHello ch;
  ch.legacy_version = ProtocolVersion::tls12;
  ch.random = kHelloRetryRequestRandom;
  ch.legacy_session_id = session_id;
  ch.cipher_suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256, static_cast<CipherSuite>(0x0a0a)};
  ch.legacy_compression_methods = compression;
  ch.extensions = {{ExtensionType::supported_versions, sv}};
  test::expect_round_trip(ch);
  EXPECT_FALSE(ch.has_only_null_compression());
}

TEST(ClientHello, EveryTruncationFailsExceptTheOneThatDropsTheWholeExtensionBlock) {
  const Bytes body = sample();
  const std::size_t before_extensions = body.size() - some_extensions().size();
  test::expect_every_truncation_fails(body, ClientHello::decode, {before_extensions});
  test::expect_trailing_byte_fails(body, ClientHello::decode);
}

// RFC 5246 7.4.1.2: a TLS 1.2 hello may end after the compression methods.
TEST(ClientHello, ReadsAHelloWithoutExtensionsAndKeepsItThatWay) {
  const Bytes body = hello(hex("00"), default_suites(), null_compression(), ByteView());
  const auto ch = ClientHello::decode(body);
  ASSERT_TRUE(ch.has_value()) << ch.error().to_string();
  EXPECT_FALSE(ch->extensions_present);
  EXPECT_TRUE(ch->extensions.empty());
  EXPECT_EQ(test::encode_body(*ch), body);
  test::expect_trailing_byte_fails(body, ClientHello::decode);
}

TEST(ClientHello, KeepsAnEmptyExtensionBlockApartFromAnAbsentOne) {
  const Bytes body = hello(hex("00"), default_suites(), null_compression(), hex("0000"));
  const auto ch = ClientHello::decode(body);
  ASSERT_TRUE(ch.has_value()) << ch.error().to_string();
  EXPECT_TRUE(ch->extensions_present);
  EXPECT_EQ(test::encode_body(*ch), body);
}

// RFC 8446 4.1.2: legacy_session_id<0..32>.
TEST(ClientHello, AcceptsASessionIdOf32BytesAndRefuses33) {
  EXPECT_TRUE(ClientHello::decode(
      hello(prefixed(1, filled(32)), default_suites(), null_compression(), some_extensions())));
  const auto too_long = ClientHello::decode(
      hello(prefixed(1, filled(33)), default_suites(), null_compression(), some_extensions()));
  test::expect_decode_error(too_long, ErrorCode::length_out_of_range);
  test::expect_reason_mentions(too_long, "legacy_session_id");
}

// RFC 8446 4.1.2: cipher_suites<2..2^16-2>, 2 bytes each.
TEST(ClientHello, EnforcesTheCipherSuiteListBounds) {
  const auto with_suites = [](ByteView suites) {
    return ClientHello::decode(hello(hex("00"), suites, null_compression(), some_extensions()));
  };
  test::expect_decode_error(with_suites(hex("0000")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(with_suites(hex("0002 1301")).has_value());
  const auto odd = with_suites(hex("0003 1301 13"));
  test::expect_decode_error(odd, ErrorCode::length_out_of_range);
  test::expect_reason_mentions(odd, "cipher_suites");
  EXPECT_TRUE(with_suites(prefixed(2, filled(0xfffe, 0x13))).has_value());
  test::expect_decode_error(with_suites(prefixed(2, filled(0xffff, 0x13))),
                            ErrorCode::length_out_of_range);
}

// RFC 8446 4.1.2: legacy_compression_methods<1..2^8-1>.
TEST(ClientHello, EnforcesTheCompressionListBounds) {
  const auto with_compression = [](ByteView compression) {
    return ClientHello::decode(hello(hex("00"), default_suites(), compression, some_extensions()));
  };
  test::expect_decode_error(with_compression(hex("00")), ErrorCode::length_out_of_range);
  EXPECT_TRUE(with_compression(hex("01 00")).has_value());
  Bytes largest(255, 1);
  largest.back() = 0;
  EXPECT_TRUE(with_compression(prefixed(1, largest)).has_value());
}

TEST(ClientHello, RefusesACompressionListWithoutNull) {
  const auto ch =
      ClientHello::decode(hello(hex("00"), default_suites(), hex("02 0140"), some_extensions()));
  test::expect_illegal(ch);
  test::expect_reason_mentions(ch, "null");
}

TEST(ClientHello, KeepsDeflateBesideNullForTheHandshakeToJudge) {
  const auto ch =
      ClientHello::decode(hello(hex("00"), default_suites(), hex("02 0100"), some_extensions()));
  ASSERT_TRUE(ch.has_value());
  EXPECT_FALSE(ch->has_only_null_compression());
}

TEST(ClientHello, KeepsUnknownVersionsAndSuites) {
  Bytes body = hello(hex("00"), hex("0004 fafa 0a0a"), null_compression(), some_extensions());
  body[0] = 0x7f;
  body[1] = 0x12;
  const auto ch = ClientHello::decode(body);
  ASSERT_TRUE(ch.has_value());
  EXPECT_EQ(static_cast<std::uint16_t>(ch->legacy_version), 0x7f12U);
  EXPECT_EQ(static_cast<std::uint16_t>(ch->cipher_suites[0]), 0xfafaU);
}

TEST(ClientHello, AcceptsTheLargestExtensionBlock) {
  const Bytes block = prefixed(2, cat({hex("fafa"), prefixed(2, filled(0xfffb))}));
  ASSERT_EQ(block.size(), 2U + 0xffff);
  EXPECT_TRUE(ClientHello::decode(hello(hex("00"), default_suites(), null_compression(), block)));
}

TEST(ClientHello, RefusesADuplicateExtension) {
  const auto ch = ClientHello::decode(
      hello(hex("00"), default_suites(), null_compression(), hex("0008 0017 0000 0017 0000")));
  test::expect_decode_error(ch, ErrorCode::duplicate_entry);
}

TEST(ClientHello, RefusesAnExtensionOnlyACertificateRequestMayCarry) {
  const auto ch = ClientHello::decode(hello(hex("00"), default_suites(), null_compression(),
                                            hex("0004 0030 0000")));  // oid_filters
  test::expect_illegal(ch);
  test::expect_reason_mentions(ch, "oid_filters");
}

Bytes psk_extension() {
  // One identity (3 bytes, age 0x01020304) and one binder of 32 bytes.
  const Bytes body =
      cat({hex("0009 0003 aabbcc 01020304"), prefixed(2, prefixed(1, filled(32, 0xbb)))});
  return cat({hex("0029"), prefixed(2, body)});
}

TEST(ClientHello, LocatesTheBindersOfALastPreSharedKey) {
  const Bytes extensions = prefixed(2, cat({hex("002d 0002 0101"), psk_extension()}));
  const Bytes body = hello(hex("00"), default_suites(), null_compression(), extensions);
  const auto ch = ClientHello::decode(body);
  ASSERT_TRUE(ch.has_value()) << ch.error().to_string();
  ASSERT_TRUE(ch->binders_offset.has_value());
  // The binders list (2-byte length, 1-byte length, 32 bytes) ends the body.
  EXPECT_EQ(*ch->binders_offset, body.size() - 35);
  EXPECT_EQ(body[*ch->binders_offset], 0x00);
  EXPECT_EQ(body[*ch->binders_offset + 1], 33);
  EXPECT_EQ(body[*ch->binders_offset + 2], 32);
  test::expect_every_truncation_fails(body, ClientHello::decode, {body.size() - extensions.size()});
}

TEST(ClientHello, RefusesAPreSharedKeyThatIsNotLast) {
  const Bytes extensions = prefixed(2, cat({psk_extension(), hex("002d 0002 0101")}));
  const auto ch =
      ClientHello::decode(hello(hex("00"), default_suites(), null_compression(), extensions));
  test::expect_illegal(ch);
  test::expect_reason_mentions(ch, "pre_shared_key");
  test::expect_reason_mentions(ch, "last");
}

TEST(ClientHello, RefusesAMalformedPreSharedKey) {
  const Bytes extensions = prefixed(2, hex("0029 0002 0000"));
  const auto ch =
      ClientHello::decode(hello(hex("00"), default_suites(), null_compression(), extensions));
  test::expect_decode_error(ch, ErrorCode::length_out_of_range);
}

}  // namespace
}  // namespace cpptls::wire
