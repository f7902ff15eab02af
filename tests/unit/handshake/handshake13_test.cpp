// Our TLS 1.3 client against our TLS 1.3 server, in memory (Pump): every suite with every
// group and every kind of server key, a HelloRetryRequest, client certificates, and KeyUpdate
// both ways. Each run must complete on both sides with the keys of each direction agreeing,
// generation by generation, and with the same session summary.
#include <gtest/gtest.h>

#include "crypto/descriptors.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {
namespace {

using crypto::CipherSuite;
using crypto::NamedGroup;
using wire::HandshakeType;

std::vector<Bytes> keys_of(const SideResult& side, Direction direction) {
  std::vector<Bytes> out;
  for (const InstallKeys& install : side.installs) {
    if (install.direction != direction) continue;
    EXPECT_EQ(install.version, crypto::SuiteVersion::tls13);
    Bytes both(install.keys.key.begin(), install.keys.key.end());
    both.insert(both.end(), install.keys.iv.begin(), install.keys.iv.end());
    out.push_back(std::move(both));
  }
  return out;
}

// Each side's read keys are the other's write keys, in order; the two directions differ.
void expect_keys_agree(const SideResult& client, const SideResult& server, std::size_t each) {
  const auto client_writes = keys_of(client, Direction::write);
  const auto client_reads = keys_of(client, Direction::read);
  EXPECT_EQ(client_writes.size(), each);
  EXPECT_EQ(client_reads.size(), each);
  EXPECT_EQ(client_writes, keys_of(server, Direction::read));
  EXPECT_EQ(client_reads, keys_of(server, Direction::write));
  for (std::size_t i = 0; i < client_writes.size() && i < client_reads.size(); ++i)
    EXPECT_NE(client_writes[i], client_reads[i]);
}

void expect_same_summary(const Pair13& pair) {
  const SessionSummary& client = pair.client.summary();
  const SessionSummary& server = pair.server.summary();
  EXPECT_EQ(client.version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(server.version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(client.cipher_suite, server.cipher_suite);
  EXPECT_EQ(client.group, server.group);
  EXPECT_EQ(client.alpn, server.alpn);
  EXPECT_FALSE(client.extended_master_secret);
  EXPECT_FALSE(server.extended_master_secret);
}

struct KeyCase {
  std::string_view name;
  const Credential& (*credential)();
};

const std::vector<KeyCase>& key_cases() {
  static const std::vector<KeyCase> cases = {
      {"ECDSA P-256", &ec_credential},
      {"ECDSA P-384", &p384_credential},
      {"RSA", &rsa_credential},
      {"Ed25519", &ed25519_credential},
  };
  return cases;
}

TEST(Handshake13, CompletesForEverySuiteGroupAndServerKey) {
  for (const CipherSuite suite :
       {CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384,
        CipherSuite::TLS_CHACHA20_POLY1305_SHA256}) {
    for (const NamedGroup group :
         {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1}) {
      for (const KeyCase& key : key_cases()) {
        SCOPED_TRACE(wire::to_string(suite) + " " + wire::to_string(group) + " " +
                     std::string(key.name));
        ClientSettings client = client_settings13();
        client.cipher_suites = {suite};
        client.groups = {group};
        auto pair = run13(client, server_settings13(key.credential()));
        ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
        expect_keys_agree(pair->pump.client(), pair->pump.server(), 2);
        expect_same_summary(*pair);
        EXPECT_EQ(pair->server.summary().cipher_suite, suite);
        EXPECT_EQ(pair->server.summary().group, group);
        const auto& chain = pair->client.summary().peer_certificates;
        ASSERT_FALSE(chain.empty());
        EXPECT_TRUE(std::ranges::equal(chain.front().der(), key.credential().chain.front().der()));
      }
    }
  }
}

TEST(Handshake13, RetriesForTheServersGroup) {
  ClientSettings client = client_settings13();
  client.groups = {NamedGroup::x25519, NamedGroup::secp384r1};
  ServerSettings server = server_settings13(ec_credential());
  server.groups = {NamedGroup::secp384r1};
  auto pair = run13(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  int hellos = 0;
  int retries = 0;
  for (const auto& [side, event] : pair->pump.log()) {
    if (side == Side::client && event.is(HandshakeType::client_hello)) ++hellos;
    if (side == Side::server && event.is(HandshakeType::server_hello)) ++retries;
  }
  EXPECT_EQ(hellos, 2);
  EXPECT_EQ(retries, 2);  // the HelloRetryRequest and the ServerHello
  EXPECT_EQ(pair->server.summary().group, NamedGroup::secp384r1);
  expect_keys_agree(pair->pump.client(), pair->pump.server(), 2);
}

TEST(Handshake13, CompatibilityChangeCipherSpecsAreExchangedOnceEachWay) {
  auto pair = run13(client_settings13(), server_settings13(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  int from_client = 0;
  int from_server = 0;
  for (const auto& [side, event] : pair->pump.log()) {
    if (!event.is_change_cipher_spec()) continue;
    ++(side == Side::client ? from_client : from_server);
  }
  EXPECT_EQ(from_client, 1);
  EXPECT_EQ(from_server, 1);
}

TEST(Handshake13, AuthenticatesClientCertificate) {
  for (const ClientAuth mode : {ClientAuth::request, ClientAuth::require}) {
    ClientSettings client = client_settings13();
    client.certificate = client_rsa_credential();
    ServerSettings server = server_settings13(ec_credential());
    server.client_auth = mode;
    server.client_trust = client_trust();
    auto pair = run13(client, server);
    ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
    expect_keys_agree(pair->pump.client(), pair->pump.server(), 2);
    const SessionSummary& summary = pair->server.summary();
    ASSERT_EQ(summary.peer_certificates.size(), 2U);
    EXPECT_TRUE(summary.peer_verified);
  }
}

TEST(Handshake13, ClientWithoutCertificateIsAcceptedOrRefusedAsConfigured) {
  ServerSettings server = server_settings13(ec_credential());
  server.client_trust = client_trust();
  server.client_auth = ClientAuth::request;
  auto requested = run13(client_settings13(), server);
  ASSERT_TRUE(requested->pump.succeeded()) << requested->pump.describe();
  EXPECT_TRUE(requested->server.summary().peer_certificates.empty());

  server.client_auth = ClientAuth::require;
  auto required = run13(client_settings13(), server);
  ASSERT_TRUE(required->pump.server().error.has_value()) << required->pump.describe();
  EXPECT_EQ(required->pump.server().error->alert(), AlertDescription::certificate_required);
}

TEST(Handshake13, NegotiatesAlpnAndVerifiesServer) {
  ClientSettings client = client_settings13();
  client.alpn = {"h2", "http/1.1"};
  auto trust = std::make_shared<x509::TrustStore>();
  trust->add(pki_certificate("root-ec"));
  verify_server(client, trust);
  ServerSettings server = server_settings13(ec_credential());
  server.alpn = {"http/1.1"};
  auto pair = run13(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_EQ(pair->client.summary().alpn, "http/1.1");
  EXPECT_EQ(pair->server.summary().alpn, "http/1.1");
  EXPECT_EQ(pair->server.summary().server_name, "www.example.com");
  EXPECT_TRUE(pair->client.summary().peer_verified);
}

// Delivers every handshake message of `from` to `to`; the actions `to` produced.
// Delivers `from`'s messages, then sends the KeyUpdate they asked for, as the connection does
// before its next application data (RFC 8446 4.6.3).
Actions deliver(Actions& from, Handshake& to) {
  Output out;
  for (const Bytes& message : from.messages) {
    auto result = feed(to, message, out);
    EXPECT_TRUE(result.has_value()) << result.error().to_string();
  }
  if (to.key_update_owed()) {
    auto answered = to.update_write_key(false, out);
    EXPECT_TRUE(answered.has_value()) << answered.error().to_string();
  }
  return collect(out);
}

InstallKeys only_install(const Actions& actions, Direction direction) {
  for (const InstallKeys& install : actions.installs) {
    if (install.direction == direction) {
      return {install.direction, install.version,
              crypto::TrafficKeys{install.keys.aead, install.keys.key, install.keys.iv}};
    }
  }
  ADD_FAILURE() << "no install(" << (direction == Direction::write ? "write" : "read") << ")";
  return {};
}

void expect_same_keys(const InstallKeys& a, const InstallKeys& b) {
  EXPECT_EQ(a.keys.key, b.keys.key);
  EXPECT_EQ(a.keys.iv, b.keys.iv);
}

TEST(Handshake13, KeyUpdatesBothWaysKeepTheDirectionsInStep) {
  auto pair = run13(client_settings13(), server_settings13(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();

  // The server updates and asks the client to: the client installs the server's new key
  // for reading and answers with its own update.
  Output out;
  ASSERT_TRUE(pair->server.update_write_key(true, out).has_value());
  Actions server_update = collect(out);
  EXPECT_EQ(server_update.order, "send(key_update) install(write)");
  Actions client_answer = deliver(server_update, pair->client);
  expect_same_keys(only_install(client_answer, Direction::read),
                   only_install(server_update, Direction::write));
  ASSERT_EQ(client_answer.messages.size(), 1U);
  Actions server_read = deliver(client_answer, pair->server);
  EXPECT_EQ(server_read.order, "install(read)");
  expect_same_keys(only_install(server_read, Direction::read),
                   only_install(client_answer, Direction::write));

  // The client updates without asking: the server only moves its read key.
  ASSERT_TRUE(pair->client.update_write_key(false, out).has_value());
  Actions client_update = collect(out);
  Actions server_second = deliver(client_update, pair->server);
  EXPECT_EQ(server_second.order, "install(read)");
  expect_same_keys(only_install(server_second, Direction::read),
                   only_install(client_update, Direction::write));

  // The client asks: the server answers once.
  ASSERT_TRUE(pair->client.update_write_key(true, out).has_value());
  Actions client_request = collect(out);
  Actions server_answer = deliver(client_request, pair->server);
  EXPECT_EQ(server_answer.order, "install(read) send(key_update) install(write)");
  Actions client_read = deliver(server_answer, pair->client);
  expect_same_keys(only_install(client_read, Direction::read),
                   only_install(server_answer, Direction::write));
  EXPECT_TRUE(client_read.messages.empty()) << "an update_not_requested is not answered";
}

}  // namespace
}  // namespace cpptls::handshake::testing
