#include "wire/messages/server_hello.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace cpptls::wire {
namespace {

using test::cat;
using test::filled;
using test::hex;
using test::prefixed;

Bytes hello(ByteView random, ByteView session_id, std::uint8_t compression, ByteView extensions) {
  return cat({hex("0303"), random, session_id, hex("1301"), Bytes{compression}, extensions});
}

const Bytes kRandom = filled(32, 0x77);
const Bytes kTls13ExtensionsValid = hex("000f 002b 0002 0304 0033 0005 001d 0001 09");

ByteView hrr_random() {
  return kHelloRetryRequestRandom;
}

TEST(ServerHello, DecodesATls13ServerHello) {
  const Bytes body = hello(kRandom, prefixed(1, filled(32, 3)), 0, kTls13ExtensionsValid);
  const auto sh = ServerHello::decode(body);
  ASSERT_TRUE(sh.has_value()) << sh.error().to_string();
  EXPECT_FALSE(sh->is_hello_retry_request());
  EXPECT_EQ(sh->extension_context(), ExtensionContext::server_hello);
  EXPECT_EQ(sh->cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(sh->legacy_session_id_echo.data(), body.data() + 35);
  EXPECT_EQ(sh->downgrade(), DowngradeSentinel::none);
  ASSERT_EQ(sh->extensions.size(), 2U);
  EXPECT_EQ(test::encode_body(*sh), body);
  test::expect_every_truncation_fails(body, ServerHello::decode,
                                      {body.size() - kTls13ExtensionsValid.size()});
  test::expect_trailing_byte_fails(body, ServerHello::decode);
}

TEST(ServerHello, RoundTripsABuiltHello) {
  const Bytes session_id = filled(5, 9);
  const Bytes ems;
  ServerHello sh;
  sh.random[0] = 1;
  sh.legacy_session_id_echo = session_id;
  sh.cipher_suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
  sh.extensions = {{ExtensionType::extended_master_secret, ems}};
  test::expect_round_trip(sh);
  sh.extensions_present = false;
  sh.extensions.clear();
  test::expect_round_trip(sh);
}

TEST(ServerHello, ReadsATls12HelloWithoutExtensions) {
  const Bytes body = hello(kRandom, hex("00"), 0, ByteView());
  const auto sh = ServerHello::decode(body);
  ASSERT_TRUE(sh.has_value()) << sh.error().to_string();
  EXPECT_FALSE(sh->extensions_present);
  EXPECT_EQ(sh->extension_context(), ExtensionContext::server_hello_tls12);
  EXPECT_EQ(test::encode_body(*sh), body);
  test::expect_every_truncation_fails(body, ServerHello::decode);
  test::expect_trailing_byte_fails(body, ServerHello::decode);
}

TEST(ServerHello, ReadsATls12HelloWithTls12Extensions) {
  const Bytes extensions = hex("000f 0017 0000 ff01 0001 00 000b 0002 0100");
  const auto sh = ServerHello::decode(hello(kRandom, hex("00"), 0, extensions));
  ASSERT_TRUE(sh.has_value()) << sh.error().to_string();
  EXPECT_EQ(sh->extension_context(), ExtensionContext::server_hello_tls12);
  EXPECT_EQ(sh->extensions.size(), 3U);
}

// RFC 8446 4.1.3: legacy_session_id_echo<0..32>.
TEST(ServerHello, AcceptsASessionIdOf32BytesAndRefuses33) {
  EXPECT_TRUE(ServerHello::decode(hello(kRandom, prefixed(1, filled(32)), 0, ByteView())));
  test::expect_decode_error(
      ServerHello::decode(hello(kRandom, prefixed(1, filled(33)), 0, ByteView())),
      ErrorCode::length_out_of_range);
}

TEST(ServerHello, RecognisesAHelloRetryRequestByItsRandom) {
  const Bytes extensions = hex("0014 002b 0002 0304 0033 0002 0017 002c 0004 0002 abcd");
  const Bytes body = hello(hrr_random(), hex("00"), 0, extensions);
  const auto hrr = ServerHello::decode(body);
  ASSERT_TRUE(hrr.has_value()) << hrr.error().to_string();
  EXPECT_TRUE(hrr->is_hello_retry_request());
  EXPECT_EQ(hrr->extension_context(), ExtensionContext::hello_retry_request);
  EXPECT_EQ(test::encode_body(*hrr), body);
  test::expect_every_truncation_fails(body, ServerHello::decode, {body.size() - extensions.size()});
}

TEST(ServerHello, RefusesACookieInAServerHelloButNotInAHelloRetryRequest) {
  const Bytes extensions = hex("000e 002b 0002 0304 002c 0004 0002 abcd");
  EXPECT_TRUE(ServerHello::decode(hello(hrr_random(), hex("00"), 0, extensions)).has_value());
  const auto sh = ServerHello::decode(hello(kRandom, hex("00"), 0, extensions));
  test::expect_illegal(sh);
  test::expect_reason_mentions(sh, "cookie");
}

TEST(ServerHello, RefusesAPreSharedKeyInAHelloRetryRequest) {
  const Bytes extensions = hex("000c 002b 0002 0304 0029 0002 0000");
  EXPECT_TRUE(ServerHello::decode(hello(kRandom, hex("00"), 0, extensions)).has_value());
  const auto hrr = ServerHello::decode(hello(hrr_random(), hex("00"), 0, extensions));
  test::expect_illegal(hrr);
  test::expect_reason_mentions(hrr, "HelloRetryRequest");
}

TEST(ServerHello, RefusesATls13ExtensionInATls12ServerHello) {
  // key_share without supported_versions: a TLS 1.2 ServerHello may not carry it.
  const auto sh =
      ServerHello::decode(hello(kRandom, hex("00"), 0, hex("0009 0033 0005 001d 0001 09")));
  test::expect_illegal(sh);
  test::expect_reason_mentions(sh, "TLS 1.2 ServerHello");
}

TEST(ServerHello, RefusesATls12ExtensionInATls13ServerHello) {
  const auto sh =
      ServerHello::decode(hello(kRandom, hex("00"), 0, hex("000a 002b 0002 0304 0017 0000")));
  test::expect_illegal(sh);
  test::expect_reason_mentions(sh, "extended_master_secret");
}

TEST(ServerHello, RefusesADuplicateExtension) {
  const auto sh =
      ServerHello::decode(hello(kRandom, hex("00"), 0, hex("000c 002b 0002 0304 002b 0002 0304")));
  test::expect_decode_error(sh, ErrorCode::duplicate_entry);
}

TEST(ServerHello, LetsUnknownExtensionsPass) {
  EXPECT_TRUE(
      ServerHello::decode(hello(kRandom, hex("00"), 0, hex("000a 002b 0002 0304 4a4a 0000"))));
  EXPECT_TRUE(ServerHello::decode(hello(kRandom, hex("00"), 0, hex("0004 4a4a 0000"))));
}

// RFC 8446 4.1.3: legacy_compression_method "MUST have the value 0". No alert is named:
// decode_error, as BoringSSL sends.
TEST(ServerHello, RefusesACompressionMethodOtherThanNullInTls13WithDecodeError) {
  const auto sh = ServerHello::decode(hello(kRandom, hex("00"), 1, kTls13ExtensionsValid));
  test::expect_decode_error(sh, ErrorCode::invalid_value);
  test::expect_reason_mentions(sh, "legacy_compression_method");
  // In TLS 1.2 the handshake judges it against what the client offered.
  const auto tls12 = ServerHello::decode(hello(kRandom, hex("00"), 1, ByteView()));
  ASSERT_TRUE(tls12.has_value());
  EXPECT_EQ(tls12->legacy_compression_method, 1U);
}

TEST(DowngradeSentinel, ReadsTheTwoSentinelsOfRfc8446) {
  Random random{};
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::none);
  const Bytes tls12 = hex("444f574e47524401");
  std::copy(tls12.begin(), tls12.end(), random.begin() + 24);
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::tls12);
  random[31] = 0x00;
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::tls11_or_below);
  random[31] = 0x02;
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::none);
  random[31] = 0x01;
  random[24] = 0x45;  // "EOWNGRD"
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::none);
}

TEST(DowngradeSentinel, SetWritesTheLastEightBytesOnly) {
  for (const DowngradeSentinel sentinel :
       {DowngradeSentinel::tls12, DowngradeSentinel::tls11_or_below}) {
    Random random;
    random.fill(0xee);
    set_downgrade_sentinel(random, sentinel);
    EXPECT_EQ(downgrade_sentinel(random), sentinel);
    EXPECT_EQ(random[23], 0xee);
  }
  Random untouched;
  untouched.fill(0xee);
  set_downgrade_sentinel(untouched, DowngradeSentinel::none);
  EXPECT_EQ(untouched[31], 0xee);
}

TEST(ServerHello, ExposesTheSentinelOfItsRandom) {
  Bytes random = kRandom;
  const Bytes sentinel = hex("444f574e47524401");
  std::copy(sentinel.begin(), sentinel.end(), random.begin() + 24);
  const auto sh = ServerHello::decode(hello(random, hex("00"), 0, ByteView()));
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(sh->downgrade(), DowngradeSentinel::tls12);
}

}  // namespace
}  // namespace cpptls::wire
