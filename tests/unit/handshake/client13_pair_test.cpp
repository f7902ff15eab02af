// The TLS 1.3 client against our TLS 1.3 server, joined in memory by a Pump (pair13.hpp): the
// paths the traces do not cover with our own peer (ECDSA server, verification on, a
// HelloRetryRequest our server asks for, client certificates, ALPN, key updates).
#include <gtest/gtest.h>

#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::hs13::client_test {
namespace {

using handshake::testing::client_settings13;
using handshake::testing::ec_credential;
using handshake::testing::run13;
using handshake::testing::server_settings13;
using handshake::testing::Side;

// Each side's read keys are the other's write keys, generation by generation.
void expect_keys_agree(const handshake::testing::Pump& pump) {
  const auto keys = [](const handshake::testing::SideResult& side, handshake::Direction direction) {
    std::vector<std::string> out;
    for (const handshake::InstallKeys& install : side.installs)
      if (install.direction == direction)
        out.push_back(hex_of(install.keys.key) + hex_of(install.keys.iv));
    return out;
  };
  const auto client_reads = keys(pump.client(), handshake::Direction::read);
  const auto client_writes = keys(pump.client(), handshake::Direction::write);
  EXPECT_EQ(client_reads.size(), 2U);  // handshake, application
  EXPECT_EQ(client_writes.size(), 2U);
  EXPECT_EQ(client_reads, keys(pump.server(), handshake::Direction::write));
  EXPECT_EQ(client_writes, keys(pump.server(), handshake::Direction::read));
}

std::shared_ptr<const x509::TrustStore> trust_of(std::string_view root) {
  auto trust = std::make_shared<x509::TrustStore>();
  trust->add(handshake::testing::pki_certificate(root));
  return trust;
}

TEST(Client13Pair, CompletesAVerifiedHandshakeWithOurServer) {
  handshake::ClientSettings client = client_settings13();
  handshake::testing::verify_server(client, trust_of("root-ec"));
  client.alpn = {"h2", "http/1.1"};
  handshake::ServerSettings server = server_settings13(ec_credential());
  server.alpn = {"http/1.1"};
  auto pair = run13(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_keys_agree(pair->pump);
  const handshake::SessionSummary& summary = pair->client.summary();
  EXPECT_EQ(summary.version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(summary.cipher_suite, crypto::CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(summary.group, crypto::NamedGroup::x25519);
  EXPECT_EQ(summary.alpn, "http/1.1");
  EXPECT_TRUE(summary.peer_verified);
  EXPECT_EQ(summary.peer_certificates.size(), 2U);
  // Compatibility mode: one change_cipher_spec each way.
  int client_ccs = 0;
  for (const auto& [sender, event] : pair->pump.log())
    client_ccs += sender == Side::client && event.is_change_cipher_spec() ? 1 : 0;
  EXPECT_EQ(client_ccs, 1);
}

TEST(Client13Pair, RefusesAServerWhoseNameDoesNotMatch) {
  handshake::ClientSettings client = client_settings13();
  client.server_name = "www.example.org";
  handshake::testing::verify_server(client, trust_of("root-ec"));
  auto pair = run13(client, server_settings13(ec_credential()));
  ASSERT_TRUE(pair->pump.client().error);
  EXPECT_EQ(pair->pump.client().error->kind(), ErrorKind::certificate)
      << pair->pump.client().error->to_string();
  EXPECT_FALSE(pair->pump.server().complete);
}

TEST(Client13Pair, AnswersAHelloRetryRequestForTheServersGroup) {
  handshake::ServerSettings server = server_settings13(ec_credential());
  server.groups = {crypto::NamedGroup::secp384r1};
  auto pair = run13(client_settings13(), server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  expect_keys_agree(pair->pump);
  EXPECT_EQ(pair->client.summary().group, crypto::NamedGroup::secp384r1);
  int client_hellos = 0;
  for (const auto& [sender, event] : pair->pump.log())
    client_hellos += event.is(wire::HandshakeType::client_hello) ? 1 : 0;
  EXPECT_EQ(client_hellos, 2);
}

TEST(Client13Pair, AuthenticatesWithItsCertificateWhenAsked) {
  handshake::ClientSettings client = client_settings13();
  client.certificate = handshake::testing::client_rsa_credential();
  handshake::ServerSettings server = server_settings13(ec_credential());
  server.client_auth = handshake::ClientAuth::require;
  server.client_trust = handshake::testing::client_trust();
  auto pair = run13(client, server);
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  EXPECT_TRUE(pair->server.summary().peer_verified);
  EXPECT_EQ(pair->server.summary().peer_certificates.size(),
            handshake::testing::client_rsa_credential().chain.size());
}

TEST(Client13Pair, WithoutACertificateSendsAnEmptyOneThatARequiringServerRefuses) {
  handshake::ServerSettings server = server_settings13(ec_credential());
  server.client_auth = handshake::ClientAuth::require;
  server.client_trust = handshake::testing::client_trust();
  auto pair = run13(client_settings13(), server);
  ASSERT_TRUE(pair->pump.server().error) << pair->pump.describe();
  EXPECT_EQ(pair->pump.server().error->alert(), AlertDescription::certificate_required);
}

TEST(Client13Pair, KeyUpdatesKeepBothDirectionsInStep) {
  auto pair = run13(client_settings13(), server_settings13(ec_credential()));
  ASSERT_TRUE(pair->pump.succeeded()) << pair->pump.describe();
  // The client asks; the server installs the client's new key and answers with its own.
  Output from_client;
  ASSERT_TRUE(pair->client.update_write_key(true, from_client));
  const Bytes request = sent_messages(from_client).at(0);
  Output from_server;
  auto answered = deliver(pair->server, request, from_server);
  ASSERT_TRUE(answered) << answered.error().to_string();
  // The answer is owed until the connection's next write (RFC 8446 4.6.3), which sends it.
  ASSERT_TRUE(pair->server.key_update_owed());
  ASSERT_TRUE(pair->server.update_write_key(false, from_server));
  const auto client_installs = installs(from_client);
  const auto server_installs = installs(from_server);
  ASSERT_EQ(client_installs.size(), 1U);
  ASSERT_GE(server_installs.size(), 1U);
  EXPECT_EQ(server_installs[0]->direction, handshake::Direction::read);
  EXPECT_EQ(hex_of(server_installs[0]->keys.key), hex_of(client_installs[0]->keys.key));

  const auto answer = sent_messages(from_server);
  ASSERT_EQ(answer.size(), 1U);
  Output back;
  ASSERT_TRUE(deliver(pair->client, answer[0], back));
  const auto client_read = installs(back);
  ASSERT_EQ(client_read.size(), 1U);  // update_not_requested: no answer to the answer
  EXPECT_EQ(hex_of(client_read[0]->keys.key), hex_of(server_installs.back()->keys.key));
}

}  // namespace
}  // namespace cpptls::hs13::client_test
