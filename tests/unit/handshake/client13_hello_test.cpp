// The TLS 1.3 client's ClientHello (RFC 8446 4.1.2): what it offers for TLS 1.3, what it
// carries for a TLS 1.2 server (exactly what hs12::ClientHandshake offers), and the settings it
// refuses.
#include <gtest/gtest.h>

#include "handshake/tls12/client.hpp"
#include "handshake/tls13/client.hpp"
#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_code_point_lists.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_server_name.hpp"

namespace cpptls::hs13::client_test {
namespace {

using crypto::CipherSuite;
using handshake::ClientSettings;
using wire::ExtensionType;

struct SentHello {
  Bytes bytes;
  wire::ClientHello hello;  // views into bytes
};

template <class Client>
std::unique_ptr<SentHello> hello_of(Client& client) {
  Output out;
  auto started = client.start(out);
  EXPECT_TRUE(started.has_value()) << started.error().to_string();
  if (!started) return nullptr;
  auto sent = std::make_unique<SentHello>();
  sent->bytes = sent_messages(out).at(0);
  auto hello = wire::ClientHello::decode(ByteView(sent->bytes).subspan(4));
  EXPECT_TRUE(hello.has_value()) << hello.error().to_string();
  if (hello) sent->hello = *hello;
  return sent;
}

std::unique_ptr<SentHello> hello13(const ClientSettings& settings) {
  ClientHandshake client(settings);
  return hello_of(client);
}

const wire::Extension* find(const wire::ClientHello& hello, ExtensionType type) {
  return wire::find_extension(hello.extensions, type);
}

TEST(Client13Hello, OffersTls13WithOneX25519ShareAndACompatibilitySessionId) {
  ClientSettings settings = handshake::testing::client_settings();
  ClientHandshake client(settings);
  auto sent = hello_of(client);
  ASSERT_NE(sent, nullptr);
  const wire::ClientHello& hello = sent->hello;
  EXPECT_EQ(hello.legacy_version, wire::ProtocolVersion::tls12);
  EXPECT_EQ(hello.legacy_session_id.size(), 32U);  // RFC 8446 D.4
  EXPECT_TRUE(hello.has_only_null_compression());
  EXPECT_EQ(client.state_name(), "ExpectServerHello");
  EXPECT_EQ(hex_of(client.sent_client_hello()), hex_of(sent->bytes));
  EXPECT_EQ(client.client_random(), hello.random);

  auto versions = wire::SupportedVersionsClientHello::decode(
      find(hello, ExtensionType::supported_versions)->data);
  ASSERT_TRUE(versions);
  EXPECT_EQ(versions->versions,
            (std::vector{wire::ProtocolVersion::tls13, wire::ProtocolVersion::tls12}));
  auto shares = wire::KeyShareClientHello::decode(find(hello, ExtensionType::key_share)->data);
  ASSERT_TRUE(shares);
  ASSERT_EQ(shares->shares.size(), 1U);
  EXPECT_EQ(shares->shares[0].group, crypto::NamedGroup::x25519);
  EXPECT_EQ(shares->shares[0].key_exchange.size(), 32U);
  auto name = wire::ServerNameList::decode(find(hello, ExtensionType::server_name)->data);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host_name_text(), "www.example.com");
  // No PSK is offered yet, so neither are its modes (RFC 8446 4.2.9).
  EXPECT_EQ(find(hello, ExtensionType::psk_key_exchange_modes), nullptr);
  EXPECT_EQ(find(hello, ExtensionType::pre_shared_key), nullptr);
  EXPECT_EQ(find(hello, ExtensionType::cookie), nullptr);
  // The TLS 1.3 suites come first.
  ASSERT_GE(hello.cipher_suites.size(), 3U);
  EXPECT_EQ(hello.cipher_suites[0], CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(hello.cipher_suites[1], CipherSuite::TLS_AES_256_GCM_SHA384);
  EXPECT_EQ(hello.cipher_suites[2], CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
}

TEST(Client13Hello, CarriesExactlyWhatTheTls12ClientOffers) {
  ClientSettings settings = handshake::testing::client_settings();
  settings.alpn = {"h2", "http/1.1"};
  hs12::ClientHandshake client12(settings);
  auto ours = hello13(settings);
  auto theirs = hello_of(client12);
  ASSERT_TRUE(ours && theirs);
  // Our suites: the TLS 1.3 ones, then hs12's list unchanged.
  const auto& suites12 = theirs->hello.cipher_suites;
  const auto& suites = ours->hello.cipher_suites;
  ASSERT_EQ(suites.size(), suites12.size() + 3);
  EXPECT_TRUE(std::equal(suites12.begin(), suites12.end(), suites.begin() + 3));
  // Every extension hs12 sends, with the same body and in the same relative order.
  std::size_t last = 0;
  for (const wire::Extension& extension : theirs->hello.extensions) {
    const auto it = std::find_if(ours->hello.extensions.begin(), ours->hello.extensions.end(),
                                 [&](const auto& e) { return e.type == extension.type; });
    ASSERT_NE(it, ours->hello.extensions.end()) << wire::to_string(extension.type);
    EXPECT_TRUE(*it == extension) << wire::to_string(extension.type);
    const auto position = static_cast<std::size_t>(it - ours->hello.extensions.begin());
    EXPECT_GE(position, last) << wire::to_string(extension.type);
    last = position;
  }
  for (const ExtensionType type :
       {ExtensionType::ec_point_formats, ExtensionType::extended_master_secret,
        ExtensionType::renegotiation_info}) {
    EXPECT_NE(find(ours->hello, type), nullptr) << wire::to_string(type);
  }
}

TEST(Client13Hello, WithoutTls12OffersNoneOfItsSuitesOrExtensions) {
  ClientSettings settings = handshake::testing::client_settings();
  settings.versions.tls12 = false;
  auto sent = hello13(settings);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->hello.cipher_suites,
            (std::vector{CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384,
                         CipherSuite::TLS_CHACHA20_POLY1305_SHA256}));
  for (const ExtensionType type :
       {ExtensionType::ec_point_formats, ExtensionType::extended_master_secret,
        ExtensionType::renegotiation_info}) {
    EXPECT_EQ(find(sent->hello, type), nullptr) << wire::to_string(type);
  }
  auto versions = wire::SupportedVersionsClientHello::decode(
      find(sent->hello, ExtensionType::supported_versions)->data);
  ASSERT_TRUE(versions);
  EXPECT_EQ(versions->versions, std::vector{wire::ProtocolVersion::tls13});
}

TEST(Client13Hello, SuiteListWithoutTls12SuitesTurnsTls12Off) {
  ClientSettings settings = handshake::testing::client_settings();
  settings.cipher_suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256};
  auto sent = hello13(settings);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->hello.cipher_suites, std::vector{CipherSuite::TLS_CHACHA20_POLY1305_SHA256});
  EXPECT_EQ(find(sent->hello, ExtensionType::renegotiation_info), nullptr);
}

TEST(Client13Hello, SharesTheFirstConfiguredGroup) {
  ClientSettings settings = handshake::testing::client_settings();
  settings.groups = {crypto::NamedGroup::secp384r1, crypto::NamedGroup::x25519};
  auto sent = hello13(settings);
  ASSERT_NE(sent, nullptr);
  auto shares =
      wire::KeyShareClientHello::decode(find(sent->hello, ExtensionType::key_share)->data);
  ASSERT_TRUE(shares);
  ASSERT_EQ(shares->shares.size(), 1U);
  EXPECT_EQ(shares->shares[0].group, crypto::NamedGroup::secp384r1);
  EXPECT_EQ(shares->shares[0].key_exchange.size(), 97U);
}

TEST(Client13Hello, SendsNoServerNameForAnAddressAndDropsATrailingDot) {
  ClientSettings settings = handshake::testing::client_settings();
  settings.server_name = "192.0.2.1";
  auto sent = hello13(settings);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(find(sent->hello, ExtensionType::server_name), nullptr);

  settings.server_name = "www.example.com.";
  sent = hello13(settings);
  ASSERT_NE(sent, nullptr);
  auto name = wire::ServerNameList::decode(find(sent->hello, ExtensionType::server_name)->data);
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host_name_text(), "www.example.com");
}

TEST(Client13Hello, RefusesSettingsItCannotHonour) {
  const auto refused = [](ClientSettings settings, std::string_view what) {
    ClientHandshake client(std::move(settings));
    Output out;
    auto started = client.start(out);
    ASSERT_FALSE(started) << what;
    EXPECT_EQ(started.error().kind(), ErrorKind::api_misuse) << what;
    EXPECT_TRUE(out.empty()) << what;
    EXPECT_EQ(client.state_name(), "Failed") << what;
  };
  ClientSettings no_tls13 = handshake::testing::client_settings();
  no_tls13.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  refused(no_tls13, "no TLS 1.3 suite");
  ClientSettings disabled = handshake::testing::client_settings();
  disabled.versions.tls13 = false;
  refused(disabled, "TLS 1.3 disabled");
  ClientSettings no_trust = handshake::testing::client_settings();
  no_trust.server_auth = handshake::ServerAuthPolicy();
  refused(no_trust, "no server authentication policy");
  ClientSettings bad_alpn = handshake::testing::client_settings();
  bad_alpn.alpn = {""};
  refused(bad_alpn, "empty ALPN name");
  ClientSettings bad_name = handshake::testing::client_settings();
  bad_name.server_name = "bad name!";
  refused(bad_name, "server name");
}

TEST(Client13Hello, StartTwiceIsMisuse) {
  ClientHandshake client(handshake::testing::client_settings());
  Output out;
  ASSERT_TRUE(client.start(out));
  auto again = client.start(out);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::invalid_state);
}

}  // namespace
}  // namespace cpptls::hs13::client_test
