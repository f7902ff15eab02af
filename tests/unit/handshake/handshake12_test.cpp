// TLS 1.2 client and server joined in memory: every suite, every group, the extended master
// secret, ALPN, the negotiation failures, the key log and renegotiation refusals.

#include <gtest/gtest.h>

#include "crypto/descriptors.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls12/server.hpp"
#include "unit/handshake/pair12.hpp"
#include "unit/handshake/test_pki.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using wire::HandshakeType;

const Credential& credential_for(CipherSuite suite) {
  return crypto::find_suite(suite)->key_exchange == crypto::KeyExchange::ecdhe_ecdsa
             ? ec_credential()
             : rsa_credential();
}

// The first message of `type` that `sender` sent.
const Bytes* sent(const Pump& pump, Side sender, HandshakeType type) {
  for (const auto& [from, event] : pump.log()) {
    if (from == sender && event.is(type)) return &event.message;
  }
  return nullptr;
}

std::string suite_name(const ::testing::TestParamInfo<CipherSuite>& info) {
  return std::string(crypto::find_suite(info.param)->name);
}

class EverySuite : public ::testing::TestWithParam<CipherSuite> {};

TEST_P(EverySuite, CompletesWithMatchingKeysAndSummaries) {
  const CipherSuite suite = GetParam();
  const crypto::CipherSuiteInfo& info = *crypto::find_suite(suite);
  ClientSettings client = client_settings();
  client.cipher_suites = {suite};
  ServerSettings server = server_settings(credential_for(suite));
  server.cipher_suites = {suite};
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_matching_keys(pair->pump);
  EXPECT_EQ(pair->pump.client().installs.front().keys.aead, info.aead);
  EXPECT_EQ(pair->pump.client().installs.front().keys.iv.size(), info.tls12_fixed_iv_size);
  EXPECT_EQ(pair->client.state_name(), "Connected");
  EXPECT_EQ(pair->server.state_name(), "Connected");

  for (const SessionSummary* summary : {&pair->client.summary(), &pair->server.summary()}) {
    EXPECT_EQ(summary->version, wire::ProtocolVersion::tls12);
    EXPECT_EQ(summary->cipher_suite, suite);
    EXPECT_TRUE(summary->extended_master_secret);
    EXPECT_TRUE(summary->secure_renegotiation);
    EXPECT_FALSE(summary->resumed);
    EXPECT_EQ(summary->server_name, "www.example.com");
    if (info.key_exchange == crypto::KeyExchange::rsa) {
      EXPECT_FALSE(summary->group.has_value());
    } else {
      EXPECT_EQ(summary->group, NamedGroup::x25519);
    }
  }
  EXPECT_EQ(pair->client.summary().peer_certificates.size(), 2U);
  EXPECT_EQ(pair->client.summary().peer_certificates.front(), credential_for(suite).chain.front());
  EXPECT_FALSE(pair->client.summary().peer_verified);  // verification is off in this test
  EXPECT_TRUE(pair->server.summary().peer_certificates.empty());
  // RSA key transport sends no ServerKeyExchange (RFC 5246 7.4.3).
  EXPECT_EQ(sent(pair->pump, Side::server, HandshakeType::server_key_exchange) != nullptr,
            info.key_exchange != crypto::KeyExchange::rsa);
}

INSTANTIATE_TEST_SUITE_P(
    Tls12, EverySuite,
    ::testing::Values(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                      CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                      CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                      CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                      CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                      CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
                      CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384),
    suite_name);

class EveryGroup : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(EveryGroup, NegotiatesTheOnlyOfferedGroup) {
  ClientSettings client = client_settings();
  client.groups = {GetParam()};
  auto pair = run12(client, server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_matching_keys(pair->pump);
  EXPECT_EQ(pair->client.summary().group, GetParam());
  EXPECT_EQ(pair->server.summary().group, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Tls12, EveryGroup,
                         ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1,
                                           NamedGroup::secp384r1),
                         [](const ::testing::TestParamInfo<NamedGroup>& group) {
                           return std::string(crypto::find_group(group.param)->name);
                         });

TEST(Handshake12, ServerPicksByItsOwnPreference) {
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                          CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
  client.groups = {NamedGroup::x25519, NamedGroup::secp384r1};
  ServerSettings server = server_settings(rsa_credential());
  server.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                          CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  server.groups = {NamedGroup::secp384r1, NamedGroup::x25519};
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().cipher_suite,
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(pair->client.summary().group, NamedGroup::secp384r1);
}

TEST(Handshake12, ServerSkipsSuitesItsKeyCannotServe) {
  // The client prefers ECDHE_RSA, but an ECDSA key can only serve ECDHE_ECDSA.
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                          CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384};
  ServerSettings server = server_settings(ec_credential());
  server.cipher_suites = client.cipher_suites;
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().cipher_suite,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
}

TEST(Handshake12, RsaKeyTransportWorksWhenBothEnableIt) {
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  ServerSettings server = server_settings(rsa_credential());
  server.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                          CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->server.summary().cipher_suite, CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256);
  // The ClientKeyExchange carries a 256-byte RSA-2048 ciphertext behind its 2-byte length.
  const Bytes* exchange = sent(pair->pump, Side::client, HandshakeType::client_key_exchange);
  ASSERT_NE(exchange, nullptr);
  EXPECT_EQ(exchange->size(), kBody + 2 + 256);
}

// --- negotiation failures ---------------------------------------------------------------

TEST(Handshake12, RefusesWithHandshakeFailureWhenNoSuiteIsShared) {
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  ServerSettings server = server_settings(rsa_credential());
  server.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384};
  auto pair = run12(client, server);
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure);
  EXPECT_EQ(pair->pump.server().error->code(), ErrorCode::handshake_failure);
  EXPECT_NE(pair->pump.server().error->reason().find("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            std::string::npos)
      << pair->pump.server().error->reason();
  EXPECT_FALSE(pair->pump.client().error);
}

TEST(Handshake12, RefusesEcdsaSuitesWithAnRsaKey) {
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  auto pair = run12(client, server_settings(rsa_credential()));
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure);
}

TEST(Handshake12, RefusesWithHandshakeFailureWhenNoGroupIsShared) {
  ClientSettings client = client_settings();
  client.groups = {NamedGroup::secp384r1};
  ServerSettings server = server_settings(ec_credential());
  server.groups = {NamedGroup::x25519};
  auto pair = run12(client, server);
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure);
  EXPECT_NE(pair->pump.server().error->reason().find("no group in common"), std::string::npos)
      << pair->pump.server().error->reason();
}

TEST(Handshake12, LeavesRsaKeyTransportOffByDefault) {
  ClientSettings client = client_settings();
  client.cipher_suites = {CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256};
  auto pair = run12(client, server_settings(rsa_credential()));
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure);

  // And the default client does not offer it.
  hs12::ClientHandshake fresh(client_settings());
  Output out;
  ASSERT_TRUE(fresh.start(out));
  const Bytes& hello = std::get<SendHandshake>(out.actions().front()).messages;
  auto parsed = wire::ClientHello::decode(ByteView(hello).subspan(kBody));
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  for (const CipherSuite suite : parsed->cipher_suites) {
    EXPECT_NE(crypto::find_suite(suite)->key_exchange, crypto::KeyExchange::rsa);
  }
  EXPECT_EQ(parsed->cipher_suites.size(), 6U);
}

// --- extended master secret (RFC 7627) ---------------------------------------------------

struct KeyLogLine {
  std::string label;
  Bytes client_random;
  Bytes secret;
};

KeyLogCallback collect(std::vector<KeyLogLine>& lines) {
  return [&lines](std::string_view label, ByteView random, ByteView secret) {
    lines.push_back({std::string(label), Bytes(random.begin(), random.end()),
                     Bytes(secret.begin(), secret.end())});
  };
}

TEST(Handshake12, UsesTheExtendedMasterSecretWhenBothSupportIt) {
  std::vector<KeyLogLine> client_lines;
  std::vector<KeyLogLine> server_lines;
  ClientSettings client = client_settings();
  client.key_log = collect(client_lines);
  client.require_extended_master_secret = true;
  ServerSettings server = server_settings(ec_credential());
  server.key_log = collect(server_lines);
  server.require_extended_master_secret = true;
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(pair->client.summary().extended_master_secret);
  EXPECT_TRUE(pair->server.summary().extended_master_secret);
}

TEST(Handshake12, FallsBackToTheClassicMasterSecretWithAServerWithoutEms) {
  ServerSettings server = server_settings(ec_credential());
  server.extended_master_secret = false;
  auto pair = run12(client_settings(), server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_matching_keys(pair->pump);
  EXPECT_FALSE(pair->client.summary().extended_master_secret);
  EXPECT_FALSE(pair->server.summary().extended_master_secret);
  const Bytes* hello = sent(pair->pump, Side::server, HandshakeType::server_hello);
  ASSERT_NE(hello, nullptr);
  auto parsed = wire::ServerHello::decode(ByteView(*hello).subspan(kBody));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(wire::find_extension(parsed->extensions, wire::ExtensionType::extended_master_secret),
            nullptr);
}

TEST(Handshake12, ClientRequiringEmsRefusesAServerWithoutIt) {
  ClientSettings client = client_settings();
  client.require_extended_master_secret = true;
  ServerSettings server = server_settings(ec_credential());
  server.extended_master_secret = false;
  auto pair = run12(client, server);
  EXPECT_EQ(alert_of(pair->pump, Side::client), AlertDescription::handshake_failure);
  EXPECT_EQ(pair->client.state_name(), "Failed");
  // Refused at the ServerHello, before anything else was sent.
  EXPECT_EQ(sent(pair->pump, Side::client, HandshakeType::client_key_exchange), nullptr);
}

// Re-encodes the client's ClientHello after `change` (for offers our client never makes).
Tamper rewrite_client_hello(std::function<void(wire::ClientHello&)> change) {
  return alter_message(Side::client, HandshakeType::client_hello, [change](Bytes& message) {
    const Bytes original = message;
    auto hello = wire::ClientHello::decode(ByteView(original).subspan(kBody));
    ASSERT_TRUE(hello) << hello.error().to_string();
    change(*hello);
    message.clear();
    ASSERT_TRUE(wire::encode_handshake(*hello, message));
  });
}

void remove_extension(wire::ClientHello& hello, wire::ExtensionType type) {
  std::erase_if(hello.extensions,
                [type](const wire::Extension& extension) { return extension.type == type; });
}

TEST(Handshake12, ServerRequiringEmsRefusesAClientWithoutIt) {
  ServerSettings server = server_settings(ec_credential());
  server.require_extended_master_secret = true;
  auto pair = run12(client_settings(), server, rewrite_client_hello([](wire::ClientHello& hello) {
                      remove_extension(hello, wire::ExtensionType::extended_master_secret);
                    }));
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::handshake_failure);
  EXPECT_NE(pair->pump.server().error->reason().find("extended master secret"), std::string::npos);
}

TEST(Handshake12, ReportsTheSameMasterSecretToBothKeyLogs) {
  std::vector<KeyLogLine> client_lines;
  std::vector<KeyLogLine> server_lines;
  ClientSettings client = client_settings();
  client.key_log = collect(client_lines);
  ServerSettings server = server_settings(ec_credential());
  server.key_log = collect(server_lines);
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  ASSERT_EQ(client_lines.size(), 1U);
  ASSERT_EQ(server_lines.size(), 1U);
  EXPECT_EQ(client_lines[0].label, "CLIENT_RANDOM");
  EXPECT_EQ(server_lines[0].label, "CLIENT_RANDOM");
  EXPECT_EQ(client_lines[0].secret.size(), 48U);
  EXPECT_EQ(client_lines[0].secret, server_lines[0].secret);
  EXPECT_EQ(client_lines[0].client_random, server_lines[0].client_random);
  // The client random is the one in the ClientHello (after type, length and version).
  const Bytes* hello = sent(pair->pump, Side::client, HandshakeType::client_hello);
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(client_lines[0].client_random, Bytes(hello->begin() + 6, hello->begin() + 38));
}

// --- ALPN (RFC 7301) --------------------------------------------------------------------------

TEST(Handshake12, AlpnFollowsTheServersPreference) {
  ClientSettings client = client_settings();
  client.alpn = {"http/1.1", "h2"};
  ServerSettings server = server_settings(ec_credential());
  server.alpn = {"h2", "http/1.1"};
  auto pair = run12(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().alpn, "h2");
  EXPECT_EQ(pair->server.summary().alpn, "h2");
}

TEST(Handshake12, RefusesAlpnWithoutOverlapWithNoApplicationProtocol) {
  ClientSettings client = client_settings();
  client.alpn = {"http/1.1"};
  ServerSettings server = server_settings(ec_credential());
  server.alpn = {"h2", "imap"};
  auto pair = run12(client, server);
  EXPECT_EQ(alert_of(pair->pump, Side::server), AlertDescription::no_application_protocol);
  EXPECT_EQ(pair->pump.server().error->code(), ErrorCode::no_application_protocol);
}

TEST(Handshake12, NegotiatesNoProtocolWhenOnlyOneSideHasAlpn) {
  ClientSettings client = client_settings();
  client.alpn = {"h2"};
  auto first = run12(client, server_settings(ec_credential()));
  ASSERT_TRUE(first->pump.succeeded()) << first->pump.describe();
  EXPECT_EQ(first->client.summary().alpn, "");

  ServerSettings server = server_settings(ec_credential());
  server.alpn = {"h2"};
  auto second = run12(client_settings(), server);
  ASSERT_TRUE(second->pump.succeeded()) << second->pump.describe();
  EXPECT_EQ(second->server.summary().alpn, "");
}

// --- renegotiation and the end of the handshake ------------------------------------------

Bytes hello_request() {
  return {static_cast<std::uint8_t>(HandshakeType::hello_request), 0, 0, 0};
}

Expected<void> feed(Handshake& handshake, const Bytes& encoded) {
  wire::Reader reader(encoded);
  auto message = wire::HandshakeMessage::decode(reader);
  EXPECT_TRUE(message);
  Output out;
  return handshake.on_message(*message, encoded, out);
}

TEST(Handshake12, ClientRefusesAHelloRequestOnceConnectedWithNoRenegotiation) {
  auto pair = run12(client_settings(), server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  auto refused = feed(pair->client, hello_request());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().alert(), AlertDescription::no_renegotiation);
}

TEST(Handshake12, ServerRefusesARenegotiatingClientHelloWithNoRenegotiation) {
  auto pair = run12(client_settings(), server_settings(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  const Bytes* hello = sent(pair->pump, Side::client, HandshakeType::client_hello);
  ASSERT_NE(hello, nullptr);
  auto refused = feed(pair->server, *hello);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().alert(), AlertDescription::no_renegotiation);
}

TEST(Handshake12, ClientIgnoresAHelloRequestDuringTheHandshake) {
  // RFC 5246 7.4.1.1: ignored while negotiating, and not part of the transcript.
  auto pair =
      run12(client_settings(), server_settings(ec_credential()),
            [](Side sender, std::vector<Event>& flight) {
              // Between the server's Certificate and ServerKeyExchange.
              if (sender != Side::server || flight.size() < 2 ||
                  !flight[1].is(HandshakeType::certificate)) {
                return;
              }
              flight.insert(flight.begin() + 2, Event{Event::Kind::handshake, hello_request()});
            });
  EXPECT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  ASSERT_GE(pair->pump.log().size(), 4U);
  EXPECT_TRUE(pair->pump.log()[3].second.is(HandshakeType::hello_request));
}

TEST(Handshake12, ReturnsTheSameErrorForeverAfterAFailure) {
  auto pair = run12(client_settings(), server_settings(ec_credential()),
                    alter_message(Side::server, HandshakeType::server_hello,
                                  [](Bytes& message) { message[kBody] = 0x02; }));
  ASSERT_TRUE(pair->pump.client().error);
  EXPECT_EQ(pair->client.state_name(), "Failed");
  const std::string reason = pair->pump.client().error->reason();
  auto again = feed(pair->client, hello_request());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason(), reason);
  Output out;
  auto ccs = pair->client.on_change_cipher_spec(out);
  ASSERT_FALSE(ccs);
  EXPECT_EQ(ccs.error().reason(), reason);
  EXPECT_TRUE(out.empty());
}

TEST(Handshake12, NamesEveryStateItPassesThrough) {
  Pair12 pair(client_settings(), server_settings(ec_credential()));
  EXPECT_EQ(pair.client.state_name(), "Start");
  EXPECT_EQ(pair.server.state_name(), "ExpectClientHello");
  pair.pump.start();
  for (const std::string_view state :
       {"ExpectServerHello", "ExpectCertificate", "ExpectServerKeyExchange",
        "ExpectServerHelloDone", "ExpectChangeCipherSpec", "ExpectFinished", "Connected"}) {
    EXPECT_TRUE(pair.pump.run_until(Side::client, state)) << state << ": " << pair.pump.describe();
  }
  Pair12 again(client_settings(), server_settings(ec_credential()));
  again.pump.start();
  for (const std::string_view state : {"ExpectClientHello", "ExpectClientKeyExchange",
                                       "ExpectChangeCipherSpec", "ExpectFinished", "Connected"}) {
    EXPECT_TRUE(again.pump.run_until(Side::server, state))
        << state << ": " << again.pump.describe();
  }
}

// --- reproducibility ------------------------------------------------------------------------

TEST(Handshake12, TakesItsRandomsFromTheProvider) {
  const auto client_hello_with_seed = [](std::uint64_t seed) {
    crypto::testing::DeterministicProvider provider(real_provider(), seed, 1'800'000'000);
    ClientSettings settings = client_settings();
    settings.provider = &provider;
    hs12::ClientHandshake client(settings);
    Output out;
    EXPECT_TRUE(client.start(out));
    return std::get<SendHandshake>(out.actions().front()).messages;
  };
  EXPECT_EQ(client_hello_with_seed(7), client_hello_with_seed(7));
  EXPECT_NE(client_hello_with_seed(7), client_hello_with_seed(8));
}

}  // namespace
}  // namespace cpptls::handshake::testing
