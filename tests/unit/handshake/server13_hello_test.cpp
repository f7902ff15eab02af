// The TLS 1.3 server's reading of ClientHellos (RFC 8446 4.1.2, 4.2, 9.2) and its choices:
// suite, group (or a HelloRetryRequest), certificate and scheme, ALPN; the HelloRetryRequest
// and the rules of the second ClientHello (4.1.4); the compatibility change_cipher_spec (D.4).
#include <algorithm>
#include <array>

#include <gtest/gtest.h>

#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/certificate.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/encrypted_extensions.hpp"
#include "wire/messages/ext_alpn.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using crypto::SignatureScheme;
using wire::ExtensionType;
using wire::HandshakeType;

constexpr char kFullFlight[] =
    "send(server_hello) install(write) install(read) "
    "send(encrypted_extensions,certificate,certificate_verify,finished) install(write)";

Hello13 with_x25519_share() {
  Hello13 hello;
  hello.shares->push_back(share_entry(NamedGroup::x25519));
  return hello;
}

// One ClientHello into a fresh server.
struct Answer {
  std::unique_ptr<hs13::ServerHandshake> server;
  Expected<void> result;
  Actions actions;

  [[nodiscard]] AlertDescription alert() const {
    return result ? AlertDescription::close_notify : result.error().alert();
  }
  [[nodiscard]] std::string reason() const { return result ? "" : result.error().reason(); }
  // The ServerHello (or HelloRetryRequest) sent, decoded; `hello_bytes` keeps its views.
  [[nodiscard]] wire::ServerHello server_hello() {
    hello_bytes = actions.message(HandshakeType::server_hello);
    auto decoded = wire::ServerHello::decode(ByteView(hello_bytes).subspan(4));
    EXPECT_TRUE(decoded.has_value());
    return decoded ? *decoded : wire::ServerHello{};
  }
  Bytes hello_bytes;
};

Answer answer(ServerSettings settings, const Hello13& hello) {
  Answer out{std::make_unique<hs13::ServerHandshake>(std::move(settings)), {}, {}, {}};
  Output actions;
  out.result = feed(*out.server, encode_hello13(hello), actions);
  out.actions = collect(actions);
  return out;
}

Answer answer(const Hello13& hello) {
  return answer(server_settings13(ec_credential()), hello);
}

const wire::Extension* extension(const wire::ServerHello& hello, ExtensionType type) {
  return wire::find_extension(hello.extensions, type);
}

Bytes leaf_of(const Actions& actions) {
  const Bytes message = actions.message(HandshakeType::certificate);
  auto decoded = wire::Certificate13::decode(ByteView(message).subspan(4));
  EXPECT_TRUE(decoded.has_value() && !decoded->certificate_list.empty());
  if (!decoded || decoded->certificate_list.empty()) return {};
  const ByteView leaf = decoded->certificate_list.front().cert_data;
  return Bytes(leaf.begin(), leaf.end());
}

SignatureScheme verify_scheme(const Actions& actions) {
  const Bytes message = actions.message(HandshakeType::certificate_verify);
  auto decoded = wire::CertificateVerify::decode(ByteView(message).subspan(4));
  EXPECT_TRUE(decoded.has_value());
  return decoded ? decoded->algorithm : SignatureScheme::rsa_pkcs1_sha1;
}

Bytes der_of(const Credential& credential) {
  const ByteView der = credential.chain.front().der();
  return Bytes(der.begin(), der.end());
}

// --- accepted hellos ----------------------------------------------------------------------

TEST(Server13Hello, AnswersWithServerHelloAndWholeFlight) {
  Answer a = answer(with_x25519_share());
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_EQ(a.actions.order, kFullFlight);
  const wire::ServerHello hello = a.server_hello();
  EXPECT_FALSE(hello.is_hello_retry_request());
  EXPECT_EQ(hello.legacy_version, wire::ProtocolVersion::tls12);
  EXPECT_EQ(hello.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_TRUE(hello.legacy_session_id_echo.empty());
  ASSERT_EQ(hello.extensions.size(), 2U);
  EXPECT_EQ(hello.extensions[0].type, ExtensionType::key_share);
  EXPECT_EQ(hello.extensions[1].type, ExtensionType::supported_versions);
  auto share = wire::KeyShareServerHello::decode(hello.extensions[0].data);
  ASSERT_TRUE(share.has_value());
  EXPECT_EQ(share->share.group, NamedGroup::x25519);
  EXPECT_EQ(share->share.key_exchange.size(), 32U);
  auto version = wire::SupportedVersionsServerHello::decode(hello.extensions[1].data);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->selected_version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(a.server->state_name(), "ExpectFinished");
  EXPECT_EQ(a.server->summary().version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(verify_scheme(a.actions), SignatureScheme::ecdsa_secp256r1_sha256);
}

TEST(Server13Hello, EchoesSessionIdAndSendsCompatibilityChangeCipherSpec) {
  Hello13 hello = with_x25519_share();
  hello.session_id = Bytes(32, 0x5a);
  Answer a = answer(hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_EQ(a.actions.order,
            "send(server_hello) ccs install(write) install(read) "
            "send(encrypted_extensions,certificate,certificate_verify,finished) install(write)");
  const wire::ServerHello server_hello = a.server_hello();
  EXPECT_EQ(
      Bytes(server_hello.legacy_session_id_echo.begin(), server_hello.legacy_session_id_echo.end()),
      hello.session_id);
}

TEST(Server13Hello, ChoosesSuiteByServerPreference) {
  Hello13 hello = with_x25519_share();
  hello.suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384,
                  CipherSuite::TLS_AES_128_GCM_SHA256};
  Answer defaults = answer(hello);
  ASSERT_TRUE(defaults.result.has_value());
  EXPECT_EQ(defaults.server_hello().cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);

  ServerSettings settings = server_settings13(ec_credential());
  // TLS 1.2 suites in the list are skipped by the TLS 1.3 server.
  settings.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                            CipherSuite::TLS_AES_256_GCM_SHA384,
                            CipherSuite::TLS_CHACHA20_POLY1305_SHA256};
  Answer configured = answer(settings, hello);
  ASSERT_TRUE(configured.result.has_value());
  EXPECT_EQ(configured.server_hello().cipher_suite, CipherSuite::TLS_AES_256_GCM_SHA384);
  EXPECT_EQ(configured.server->summary().cipher_suite, CipherSuite::TLS_AES_256_GCM_SHA384);
  ASSERT_EQ(configured.actions.installs.size(), 3U);
  EXPECT_EQ(configured.actions.installs[0].keys.aead, crypto::AeadAlgorithm::aes_256_gcm);
}

TEST(Server13Hello, RefusesHelloWithoutCommonSuite) {
  Hello13 hello = with_x25519_share();
  hello.suites = {static_cast<CipherSuite>(0x1304), CipherSuite::TLS_AES_256_GCM_SHA384};
  ServerSettings settings = server_settings13(ec_credential());
  settings.cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  Answer a = answer(settings, hello);
  ASSERT_FALSE(a.result.has_value());
  EXPECT_EQ(a.alert(), AlertDescription::handshake_failure);
  EXPECT_NE(a.reason().find("TLS_AES_256_GCM_SHA384"), std::string::npos) << a.reason();
  EXPECT_NE(a.reason().find("TLS_AES_128_GCM_SHA256"), std::string::npos) << a.reason();
  EXPECT_EQ(a.server->state_name(), "Failed");
}

TEST(Server13Hello, RefusesHelloWithoutTls13) {
  Hello13 hello = with_x25519_share();
  hello.versions = std::vector{wire::ProtocolVersion::tls12};
  EXPECT_EQ(answer(hello).alert(), AlertDescription::protocol_version);
  hello.versions.reset();
  EXPECT_EQ(answer(hello).alert(), AlertDescription::protocol_version);
}

TEST(Server13Hello, IgnoresLegacyVersionWhenSupportedVersionsOffersTls13) {
  // RFC 8446 4.2.1: "servers MUST ignore the ClientHello.legacy_version value".
  Hello13 hello = with_x25519_share();
  Bytes encoded = encode_hello13(hello);
  encoded[4] = 0x03;
  encoded[5] = 0x01;  // TLS 1.0
  hs13::ServerHandshake server(server_settings13(ec_credential()));
  Output out;
  EXPECT_TRUE(feed(server, encoded, out).has_value());
}

TEST(Server13Hello, RefusesCompressionOtherThanNullOnly) {
  Hello13 hello = with_x25519_share();
  hello.compression = {0, 1};
  Answer a = answer(hello);
  EXPECT_EQ(a.alert(), AlertDescription::illegal_parameter);
  EXPECT_NE(a.reason().find("4.1.2"), std::string::npos) << a.reason();
}

TEST(Server13Hello, RefusesHelloWithoutMandatoryExtensions) {
  Hello13 no_schemes = with_x25519_share();
  no_schemes.schemes.reset();
  EXPECT_EQ(answer(no_schemes).alert(), AlertDescription::missing_extension);

  Hello13 no_groups = with_x25519_share();
  no_groups.groups.reset();
  EXPECT_EQ(answer(no_groups).alert(), AlertDescription::missing_extension);

  Hello13 no_key_share = with_x25519_share();
  no_key_share.shares.reset();
  EXPECT_EQ(answer(no_key_share).alert(), AlertDescription::missing_extension);
}

// A well-formed pre_shared_key body: one identity "abcd", one 32-byte binder.
// (Built by copying into a sized vector: g++ 12 at -O3 reports a false -Warray-bounds for an
// insert after an initializer list here.)
Bytes offered_psk() {
  constexpr std::array<std::uint8_t, 15> kIdentities = {
      0x00, 0x0a, 0x00, 0x04, 'a', 'b', 'c', 'd', 0, 0, 0, 0, 0x00, 0x21, 0x20};
  Bytes body(kIdentities.size() + 32, 0x11);
  std::copy(kIdentities.begin(), kIdentities.end(), body.begin());
  return body;
}

TEST(Server13Hello, RefusesPskOfferWithoutKeyExchangeModes) {
  Hello13 hello = with_x25519_share();
  hello.extra.emplace_back(ExtensionType::pre_shared_key, offered_psk());
  EXPECT_EQ(answer(hello).alert(), AlertDescription::missing_extension);
}

TEST(Server13Hello, IgnoresPskOfferAndCarriesOutFullHandshake) {
  Hello13 hello = with_x25519_share();
  hello.psk_modes = true;
  hello.extra.emplace_back(ExtensionType::pre_shared_key, offered_psk());
  Answer a = answer(hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_EQ(a.actions.order, kFullFlight);
  EXPECT_EQ(extension(a.server_hello(), ExtensionType::pre_shared_key), nullptr);
}

TEST(Server13Hello, IgnoresEarlyDataAndUnknownExtensions) {
  Hello13 hello = with_x25519_share();
  hello.early_data = true;
  hello.extra.emplace_back(static_cast<ExtensionType>(0x7a7a), Bytes{1, 2, 3});
  Answer a = answer(hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  const Bytes extensions = a.actions.message(HandshakeType::encrypted_extensions);
  auto decoded = wire::EncryptedExtensions::decode(ByteView(extensions).subspan(4));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->extensions.empty());
}

// RFC 8446 4.2 names no alert for a repeated extension: decode_error, as BoringSSL sends.
TEST(Server13Hello, RefusesDuplicateExtensionWithDecodeError) {
  Hello13 hello = with_x25519_share();
  hello.extra.emplace_back(ExtensionType::supported_groups, Bytes{0x00, 0x02, 0x00, 0x1d});
  EXPECT_EQ(answer(hello).alert(), AlertDescription::decode_error);
}

TEST(Server13Hello, RefusesKeySharesAgainstTheRules) {
  // RFC 8446 4.2.8: a share for a group supported_groups does not list.
  Hello13 unlisted;
  unlisted.groups = std::vector{NamedGroup::x25519};
  unlisted.shares->push_back(share_entry(NamedGroup::secp256r1));
  EXPECT_EQ(answer(unlisted).alert(), AlertDescription::illegal_parameter);

  // Two shares for one group.
  Hello13 twice = with_x25519_share();
  twice.shares->push_back(share_entry(NamedGroup::x25519));
  EXPECT_EQ(answer(twice).alert(), AlertDescription::illegal_parameter);

  // A share of the wrong size, and a P-256 share that is not an uncompressed point.
  Hello13 short_share;
  short_share.shares->emplace_back(NamedGroup::x25519, Bytes(31, 0x09));
  EXPECT_EQ(answer(short_share).alert(), AlertDescription::illegal_parameter);
  Hello13 compressed;
  Bytes point = share_entry(NamedGroup::secp256r1).second;
  point[0] = 0x02;
  compressed.shares->emplace_back(NamedGroup::secp256r1, point);
  EXPECT_EQ(answer(compressed).alert(), AlertDescription::illegal_parameter);
}

TEST(Server13Hello, RefusesSharesTheProviderCannotUse) {
  // A point off the curve, and the all-zero X25519 value (whose shared secret is zero).
  Hello13 off_curve;
  Bytes point(65, 0x01);
  point[0] = 0x04;
  off_curve.shares->emplace_back(NamedGroup::secp256r1, point);
  ServerSettings p256 = server_settings13(ec_credential());
  p256.groups = {NamedGroup::secp256r1};
  Answer a = answer(p256, off_curve);
  EXPECT_EQ(a.alert(), AlertDescription::illegal_parameter) << a.reason();

  Hello13 zero;
  zero.shares->emplace_back(NamedGroup::x25519, Bytes(32, 0));
  Answer b = answer(zero);
  EXPECT_EQ(b.alert(), AlertDescription::illegal_parameter) << b.reason();
}

TEST(Server13Hello, UsesShareOfAnyAllowedGroupBeforeAskingForAnother) {
  // Our groups are x25519, P-256, P-384; the client's only share is P-256: it is used.
  Hello13 hello;
  hello.shares->push_back(share_entry(NamedGroup::secp256r1));
  Answer a = answer(hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_FALSE(a.server_hello().is_hello_retry_request());
  EXPECT_EQ(a.server->summary().group, NamedGroup::secp256r1);

  // With two shares, our order decides.
  Hello13 both;
  both.shares->push_back(share_entry(NamedGroup::secp256r1));
  both.shares->push_back(share_entry(NamedGroup::x25519));
  Answer b = answer(both);
  ASSERT_TRUE(b.result.has_value());
  EXPECT_EQ(b.server->summary().group, NamedGroup::x25519);
}

TEST(Server13Hello, RefusesHelloWithoutCommonGroup) {
  Hello13 hello;
  hello.groups = std::vector{NamedGroup::secp521r1, NamedGroup::x448};
  hello.shares->emplace_back(NamedGroup::secp521r1, Bytes(133, 0x04));
  Answer a = answer(hello);
  EXPECT_EQ(a.alert(), AlertDescription::handshake_failure);
  EXPECT_NE(a.reason().find("x25519"), std::string::npos) << a.reason();
}

TEST(Server13Hello, ChoosesCredentialWhoseKeyCanSignAnOfferedScheme) {
  ServerSettings settings = server_settings13(ec_credential());
  settings.credentials.push_back(rsa_credential());
  Hello13 hello = with_x25519_share();
  hello.schemes =
      std::vector{SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pss_rsae_sha384};
  Answer a = answer(settings, hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_EQ(leaf_of(a.actions), der_of(rsa_credential()));
  // Never PKCS#1 v1.5 in a TLS 1.3 CertificateVerify (RFC 8446 4.2.3).
  EXPECT_EQ(verify_scheme(a.actions), SignatureScheme::rsa_pss_rsae_sha384);

  Hello13 ecdsa = with_x25519_share();
  Answer b = answer(settings, ecdsa);
  ASSERT_TRUE(b.result.has_value());
  EXPECT_EQ(leaf_of(b.actions), der_of(ec_credential()));
}

TEST(Server13Hello, RefusesWhenNoCredentialCanSignAnOfferedScheme) {
  // TLS 1.3 binds ECDSA schemes to curves: a P-256 key cannot make ecdsa_secp384r1_sha384.
  Hello13 hello = with_x25519_share();
  hello.schemes = std::vector{SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ed25519,
                              SignatureScheme::rsa_pkcs1_sha256};
  Answer a = answer(hello);
  EXPECT_EQ(a.alert(), AlertDescription::handshake_failure);
  EXPECT_NE(a.reason().find("ECDSA P-256"), std::string::npos) << a.reason();
}

TEST(Server13Hello, NegotiatesAlpnAndAcknowledgesServerName) {
  ServerSettings settings = server_settings13(ec_credential());
  settings.alpn = {"h2", "http/1.1"};
  Hello13 hello = with_x25519_share();
  hello.alpn = std::vector<std::string>{"http/1.1", "h2"};
  hello.server_name = "www.example.com";
  Answer a = answer(settings, hello);
  ASSERT_TRUE(a.result.has_value()) << a.result.error().to_string();
  EXPECT_EQ(a.server->summary().alpn, "h2");
  EXPECT_EQ(a.server->summary().server_name, "www.example.com");
  const Bytes message = a.actions.message(HandshakeType::encrypted_extensions);
  auto decoded = wire::EncryptedExtensions::decode(ByteView(message).subspan(4));
  ASSERT_TRUE(decoded.has_value());
  ASSERT_EQ(decoded->extensions.size(), 2U);
  EXPECT_EQ(decoded->extensions[0].type, ExtensionType::server_name);
  EXPECT_TRUE(decoded->extensions[0].data.empty());
  auto protocol = wire::SelectedProtocol::decode(decoded->extensions[1].data);
  ASSERT_TRUE(protocol.has_value());
  EXPECT_EQ(as_chars(protocol->protocol), "h2");

  hello.alpn = std::vector<std::string>{"spdy/3"};
  EXPECT_EQ(answer(settings, hello).alert(), AlertDescription::no_application_protocol);
}

TEST(Server13Hello, RefusesMisconfiguredServerAsMisuse) {
  ServerSettings no_trust = server_settings13(ec_credential());
  no_trust.client_auth = ClientAuth::require;
  Answer a = answer(no_trust, with_x25519_share());
  ASSERT_FALSE(a.result.has_value());
  EXPECT_EQ(a.result.error().kind(), ErrorKind::api_misuse);

  ServerSettings no_credential = server_settings13(ec_credential());
  no_credential.credentials.clear();
  Answer b = answer(no_credential, with_x25519_share());
  ASSERT_FALSE(b.result.has_value());
  EXPECT_EQ(b.result.error().kind(), ErrorKind::api_misuse);
}

// --- HelloRetryRequest --------------------------------------------------------------------

// A server that allows x25519 only, asked with a P-256 share: it retries for x25519.
struct Retry {
  Retry() : client(settings()) {}
  static ServerSettings settings() {
    ServerSettings out = server_settings13(ec_credential());
    out.groups = {NamedGroup::x25519};
    return out;
  }
  [[nodiscard]] Hello13 first() const {
    Hello13 hello;
    hello.session_id = session_id;
    hello.shares->push_back(share_entry(NamedGroup::secp256r1));
    return hello;
  }
  // The second hello as the rules want it: one x25519 share.
  [[nodiscard]] Hello13 second() const {
    Hello13 hello = first();
    hello.shares = std::vector{share_entry(NamedGroup::x25519)};
    return hello;
  }
  Bytes session_id;
  ScriptedClient client;
};

TEST(Server13Hello, AsksForShareOfGroupBothSupportWithHelloRetryRequest) {
  Retry retry;
  ASSERT_TRUE(retry.client.send(encode_hello13(retry.first())).has_value());
  EXPECT_EQ(retry.client.last().order, "send(server_hello)");
  EXPECT_EQ(retry.client.server().state_name(), "ExpectSecondClientHello");
  const Bytes message = retry.client.last().message(HandshakeType::server_hello);
  auto hello = wire::ServerHello::decode(ByteView(message).subspan(4));
  ASSERT_TRUE(hello.has_value());
  EXPECT_TRUE(hello->is_hello_retry_request());
  EXPECT_EQ(hello->cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  ASSERT_EQ(hello->extensions.size(), 2U);
  auto selected = wire::KeyShareHelloRetryRequest::decode(hello->extensions[0].data);
  ASSERT_TRUE(selected.has_value());
  EXPECT_EQ(selected->selected_group, NamedGroup::x25519);
  EXPECT_EQ(wire::find_extension(hello->extensions, ExtensionType::cookie), nullptr);

  // The second hello is answered, and the transcript (message_hash of the first hello,
  // the retry, the second hello...) agrees: the client's Finished over it is accepted.
  ASSERT_TRUE(retry.client.send(encode_hello13(retry.second())).has_value());
  EXPECT_EQ(retry.client.last().order, kFullFlight);
  ASSERT_TRUE(retry.client.send(retry.client.finished()).has_value());
  EXPECT_TRUE(retry.client.server().is_complete());
}

TEST(Server13Hello, AsksForShareWhenClientSentNone) {
  Hello13 hello;  // an empty key_share is allowed (RFC 8446 4.2.8)
  Answer a = answer(hello);
  ASSERT_TRUE(a.result.has_value());
  EXPECT_TRUE(a.server_hello().is_hello_retry_request());
}

TEST(Server13Hello, SendsOneCompatibilityChangeCipherSpecAcrossRetry) {
  Retry retry;
  retry.session_id = Bytes(32, 0x33);
  ASSERT_TRUE(retry.client.send(encode_hello13(retry.first())).has_value());
  EXPECT_EQ(retry.client.last().order, "send(server_hello) ccs");
  // The client's own compatibility change_cipher_spec before its second hello is dropped.
  ASSERT_TRUE(retry.client.send_change_cipher_spec().has_value());
  ASSERT_TRUE(retry.client.send(encode_hello13(retry.second())).has_value());
  EXPECT_EQ(retry.client.last().order, kFullFlight);
  ASSERT_TRUE(retry.client.send(retry.client.finished()).has_value());
  EXPECT_TRUE(retry.client.server().is_complete());
}

Expected<void> second_hello(Retry& retry, const Hello13& second) {
  EXPECT_TRUE(retry.client.send(encode_hello13(retry.first())).has_value());
  return retry.client.send(encode_hello13(second));
}

TEST(Server13Hello, RefusesSecondHelloWithoutTheOneShareAskedFor) {
  {
    Retry retry;
    Hello13 second = retry.first();  // the P-256 share again
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    Retry retry;
    Hello13 second = retry.second();
    second.shares->push_back(share_entry(NamedGroup::secp256r1));
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    Retry retry;
    Hello13 second = retry.second();
    second.shares->clear();
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
}

TEST(Server13Hello, RefusesSecondHelloThatChangesWhatItMayNot) {
  {
    Retry retry;
    Hello13 second = retry.second();
    second.random = Hello13::filled_random(0x43);
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    Retry retry;
    Hello13 second = retry.second();
    second.session_id = Bytes(32, 1);
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    Retry retry;
    Hello13 second = retry.second();
    second.early_data = true;
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
  }
  {
    // The retry chose TLS_AES_128_GCM_SHA256; the second hello offers another suite only.
    Retry retry;
    Hello13 second = retry.second();
    second.suites = {CipherSuite::TLS_AES_256_GCM_SHA384};
    auto result = second_hello(retry, second);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().alert(), AlertDescription::illegal_parameter);
    EXPECT_NE(result.error().reason().find("cipher_suites"), std::string::npos);
  }
}

}  // namespace
}  // namespace cpptls::handshake::testing
