// The TLS 1.3 client replays the client's side of the handshakes of draft-ietf-tls-tls13-vectors
// (RFC 8448's draft). What is compared, and why not more:
//  - The trace's client (NSS) sends extensions we never send (record_size_limit, ffdhe groups,
//    session_ticket), so the test seam (client_testing.hpp) makes the client send the trace's
//    ClientHello bytes instead of its own; its randoms and key shares come from the trace
//    through the deterministic provider, and the client checks the replaced hello carries its
//    own shares. From then on everything is the client's own work: it is fed the trace's
//    server messages (as plaintext handshake messages: decryption is the engine's job), and
//    every key it installs, every secret it logs, and every message it sends is compared with
//    the trace byte for byte.
//  - Section 6 (client authentication): the client's RSA key is not in the trace, and RSA-PSS
//    signatures are randomized, so the client's CertificateVerify cannot match; the
//    Certificate message does (the trace's client certificate), the signature is checked to
//    verify, and the Finished is checked against one computed from the trace's secret.
#include <gtest/gtest.h>

#include "crypto/provider.hpp"
#include "handshake/tls13/client_testing.hpp"
#include "handshake/tls13/protocol.hpp"
#include "unit/handshake/client13_support.hpp"
#include "unit/handshake/test_pki.hpp"
#include "unit/wire_messages/test_support.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/client_hello.hpp"
#include "wire/messages/ext_key_share.hpp"
#include "wire/messages/ext_simple.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::hs13::client_test {
namespace {

using handshake::Direction;
using wire::test::trace_value;

const crypto::Provider& real() {
  return handshake::testing::real_provider();
}

Bytes secret(int section, std::string_view label) {
  return trace_value(section, "derive secret \"tls13 " + std::string(label) + "\"", "expanded");
}

void expect_keys(const handshake::InstallKeys* install, Direction direction, ByteView key,
                 ByteView iv, std::string_view what) {
  ASSERT_NE(install, nullptr) << what;
  EXPECT_EQ(install->direction, direction) << what;
  EXPECT_EQ(install->version, crypto::SuiteVersion::tls13) << what;
  EXPECT_EQ(install->keys.aead, crypto::AeadAlgorithm::aes_128_gcm) << what;
  EXPECT_EQ(hex_of(install->keys.key), hex_of(key)) << what;
  EXPECT_EQ(hex_of(install->keys.iv), hex_of(iv)) << what;
}

Bytes random_of(ByteView client_hello) {
  return Bytes(client_hello.begin() + 6, client_hello.begin() + 38);
}

Bytes sha256(ByteView data) {
  Bytes out(32);
  EXPECT_TRUE(crypto::hash_once(real(), crypto::HashAlgorithm::sha256, data, out).has_value());
  return out;
}

// The actions after the ServerHello: the server's handshake keys for reading, [the
// compatibility change_cipher_spec], and ours for writing (so that an alert about the server's
// flight is protected).
void expect_handshake_keys(int section, Output& out, bool change_cipher_spec = false) {
  std::vector<std::string> expected{"install(read)", "install(write)"};
  if (change_cipher_spec) expected.insert(expected.begin() + 1, "ccs");
  EXPECT_EQ(action_names(out), expected);
  const auto keys = installs(out);
  ASSERT_EQ(keys.size(), 2U);
  expect_keys(keys[0], Direction::read,
              trace_value(section, "derive write traffic keys for handshake data", "key expanded"),
              trace_value(section, "derive write traffic keys for handshake data", "iv expanded"),
              "server handshake keys");
  expect_keys(keys[1], Direction::write,
              trace_value(section, "derive read traffic keys for handshake data", "key expanded"),
              trace_value(section, "derive read traffic keys for handshake data", "iv expanded"),
              "client handshake keys");
}

// The actions after the server's Finished, without client authentication, against the
// section's keys and client Finished.
void expect_second_flight(int section, Output& out) {
  EXPECT_EQ(action_names(out), (std::vector<std::string>{"install(read)", "send(finished)",
                                                         "install(write)", "complete"}));
  const auto keys = installs(out);
  ASSERT_EQ(keys.size(), 2U);
  expect_keys(
      keys[0], Direction::read,
      trace_value(section, "derive write traffic keys for application data", "key expanded"),
      trace_value(section, "derive write traffic keys for application data", "iv expanded"),
      "server application keys");
  expect_keys(
      keys[1], Direction::write,
      trace_value(section, "derive write traffic keys for application data", "key expanded", 1),
      trace_value(section, "derive write traffic keys for application data", "iv expanded", 1),
      "client application keys");
  const auto sent = sent_messages(out);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(hex_of(sent[0]), hex_of(trace_message(section, "Finished", 1)));
}

TEST(Client13Trace, SendsTheTracesClientHelloAndReportsItForTheLead) {
  auto trace = start_trace_client(kSimple);
  const Bytes hello = trace_message(kSimple, "ClientHello");
  EXPECT_EQ(action_names(trace->started), std::vector<std::string>{"send(client_hello)"});
  const auto sent = sent_messages(trace->started);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(hex_of(sent[0]), hex_of(hello));
  EXPECT_EQ(hex_of(trace->client->sent_client_hello()), hex_of(hello));
  EXPECT_EQ(hex_of(trace->client->client_random()), hex_of(random_of(hello)));
  EXPECT_EQ(trace->client->state_name(), "ExpectServerHello");
}

TEST(Client13Trace, SimpleHandshakeInstallsTheTracesKeysAndSendsItsFinished) {
  auto trace = start_trace_client(kSimple);
  Output out;
  ASSERT_TRUE(deliver(*trace->client, trace_message(kSimple, "ServerHello"), out));
  expect_handshake_keys(kSimple, out);
  EXPECT_EQ(trace->client->state_name(), "ExpectEncryptedExtensions");

  for (const char* name : {"EncryptedExtensions", "Certificate", "CertificateVerify"}) {
    out.clear();
    ASSERT_TRUE(deliver(*trace->client, trace_message(kSimple, name), out)) << name;
    EXPECT_TRUE(out.empty()) << name << " made the client act";
  }
  EXPECT_EQ(trace->client->state_name(), "ExpectFinished");
  out.clear();
  auto finished = deliver(*trace->client, trace_message(kSimple, "Finished"), out);
  ASSERT_TRUE(finished) << finished.error().to_string();
  expect_second_flight(kSimple, out);
  EXPECT_TRUE(trace->client->is_complete());
  EXPECT_EQ(hex_of(testing::resumption_master_secret(*trace->client)),
            hex_of(secret(kSimple, "res master")));

  const handshake::SessionSummary& summary = trace->client->summary();
  EXPECT_EQ(summary.version, wire::ProtocolVersion::tls13);
  EXPECT_EQ(summary.cipher_suite, crypto::CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(summary.group, crypto::NamedGroup::x25519);
  EXPECT_EQ(summary.server_name, "server");
  EXPECT_EQ(summary.peer_certificates.size(), 1U);
  EXPECT_FALSE(summary.peer_verified);
  EXPECT_TRUE(summary.alpn.empty());
  EXPECT_FALSE(summary.extended_master_secret);
}

TEST(Client13Trace, KeyLogCarriesTheTracesSecrets) {
  auto trace = start_trace_client(kSimple);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kSimple, "Finished", out));
  const Bytes random = random_of(trace_message(kSimple, "ClientHello"));
  const std::vector<std::pair<std::string, Bytes>> expected{
      {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", secret(kSimple, "c hs traffic")},
      {"SERVER_HANDSHAKE_TRAFFIC_SECRET", secret(kSimple, "s hs traffic")},
      {"CLIENT_TRAFFIC_SECRET_0", secret(kSimple, "c ap traffic")},
      {"SERVER_TRAFFIC_SECRET_0", secret(kSimple, "s ap traffic")},
      {"EXPORTER_SECRET", secret(kSimple, "exp master")},
  };
  ASSERT_EQ(trace->key_log.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(trace->key_log[i].label, expected[i].first);
    EXPECT_EQ(hex_of(trace->key_log[i].client_random), hex_of(random));
    EXPECT_EQ(hex_of(trace->key_log[i].secret), hex_of(expected[i].second)) << expected[i].first;
  }
}

TEST(Client13Trace, TakesTheTracesNewSessionTicketWithoutActing) {
  auto trace = start_trace_client(kSimple);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kSimple, "Finished", out));
  out.clear();
  auto ticket = deliver(*trace->client, trace_message(kSimple, "NewSessionTicket"), out);
  ASSERT_TRUE(ticket) << ticket.error().to_string();
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(trace->client->state_name(), "Connected");
}

TEST(Client13Trace, HelloRetryRequestGetsTheSecondClientHelloTheRfcAsksFor) {
  auto trace = start_trace_client(kRetry);
  Output out;
  const Bytes retry = trace_message(kRetry, "ServerHello");
  auto answered = deliver(*trace->client, retry, out);
  ASSERT_TRUE(answered) << answered.error().to_string();
  // The trace's hello has an empty session id: no compatibility change_cipher_spec.
  EXPECT_EQ(action_names(out), std::vector<std::string>{"send(client_hello)"});
  const auto sent = sent_messages(out);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(hex_of(sent[0]), hex_of(trace_message(kRetry, "ClientHello", 1)));
  EXPECT_EQ(trace->client->state_name(), "ExpectServerHelloAfterRetry");

  // The client's own second hello: the first one (the trace's) with the key_share replaced by
  // one P-256 share (the trace's) and the HelloRetryRequest's cookie added.
  ASSERT_EQ(trace->own_hellos.size(), 2U);
  const Bytes first = trace_message(kRetry, "ClientHello");
  auto ch1 = wire::ClientHello::decode(ByteView(first).subspan(4));
  auto ch2 = wire::ClientHello::decode(ByteView(trace->own_hellos[1]).subspan(4));
  ASSERT_TRUE(ch1 && ch2);
  EXPECT_EQ(ch2->random, ch1->random);
  EXPECT_EQ(ch2->cipher_suites, ch1->cipher_suites);
  ASSERT_EQ(ch2->extensions.size(), ch1->extensions.size() + 1);
  for (std::size_t i = 0; i < ch1->extensions.size(); ++i) {
    EXPECT_EQ(ch2->extensions[i].type, ch1->extensions[i].type);
    if (ch1->extensions[i].type == wire::ExtensionType::key_share) continue;
    EXPECT_TRUE(ch2->extensions[i] == ch1->extensions[i])
        << wire::to_string(ch1->extensions[i].type);
  }
  auto shares = wire::KeyShareClientHello::decode(
      wire::find_extension(ch2->extensions, wire::ExtensionType::key_share)->data);
  ASSERT_TRUE(shares);
  ASSERT_EQ(shares->shares.size(), 1U);
  EXPECT_EQ(shares->shares[0].group, crypto::NamedGroup::secp256r1);
  EXPECT_EQ(hex_of(shares->shares[0].key_exchange),
            hex_of(trace_value(kRetry, "create an ephemeral P-256 key pair", "public key")));
  const wire::Extension& cookie = ch2->extensions.back();
  EXPECT_EQ(cookie.type, wire::ExtensionType::cookie);
  auto retry_hello = wire::ServerHello::decode(ByteView(retry).subspan(4));
  ASSERT_TRUE(retry_hello);
  EXPECT_TRUE(cookie ==
              *wire::find_extension(retry_hello->extensions, wire::ExtensionType::cookie));
}

TEST(Client13Trace, HelloRetryHandshakeInstallsTheTracesKeysAndSendsItsFinished) {
  auto trace = start_trace_client(kRetry);
  Output out;
  ASSERT_TRUE(feed_server_flight(*trace, kRetry, "ServerHello", out));
  expect_handshake_keys(kRetry, out);
  EXPECT_EQ(trace->client->summary().group, crypto::NamedGroup::secp256r1);
  for (const char* name : {"EncryptedExtensions", "Certificate", "CertificateVerify", "Finished"}) {
    out.clear();
    auto done = deliver(*trace->client, trace_message(kRetry, name), out);
    ASSERT_TRUE(done) << name << ": " << done.error().to_string();
  }
  expect_second_flight(kRetry, out);
}

TEST(Client13Trace, ClientAuthWithoutCertificateSendsAnEmptyOne) {
  auto trace = start_trace_client(kClientAuth);
  Output out;
  auto finished = feed_server_flight(*trace, kClientAuth, "Finished", out);
  ASSERT_TRUE(finished) << finished.error().to_string();
  EXPECT_EQ(action_names(out),
            (std::vector<std::string>{"install(read)", "send(certificate,finished)",
                                      "install(write)", "complete"}));
  // The application secrets cover the transcript through the server's Finished only.
  expect_keys(
      installs(out).at(0), Direction::read,
      trace_value(kClientAuth, "derive write traffic keys for application data", "key expanded"),
      trace_value(kClientAuth, "derive write traffic keys for application data", "iv expanded"),
      "server application keys");
  const auto sent = sent_messages(out);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(hex_of(sent[0]), "0b00000400000000");  // empty context, empty list
}

TEST(Client13Trace, ClientAuthSendsTheTracesCertificateAndAVerifyingSignature) {
  // The trace's client certificate, with the section 2 RSA key standing in for its key.
  const Bytes trace_certificate = trace_message(kClientAuth, "Certificate", 1);
  // 4 header, 1 context, 3 list length, 3 cert_data length.
  const ByteView der = ByteView(trace_certificate).subspan(11, trace_certificate.size() - 11 - 2);
  auto parsed = x509::ParsedCertificate::copy_of(der);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  const auto key = trace_rsa_key();
  ASSERT_NE(key, nullptr);
  auto trace = start_trace_client(kClientAuth, [&](handshake::ClientSettings& settings) {
    settings.certificate = handshake::Credential{{*parsed}, key, nullptr};
  });
  Output out;
  auto finished = feed_server_flight(*trace, kClientAuth, "Finished", out);
  ASSERT_TRUE(finished) << finished.error().to_string();
  EXPECT_EQ(action_names(out), (std::vector<std::string>{
                                   "install(read)", "send(certificate,certificate_verify,finished)",
                                   "install(write)", "complete"}));
  const auto sent = sent_messages(out);
  ASSERT_EQ(sent.size(), 3U);
  EXPECT_EQ(hex_of(sent[0]), hex_of(trace_certificate));

  Bytes transcript;
  for (const auto& [name, skip] :
       std::vector<std::pair<std::string, int>>{{"ClientHello", 0},
                                                {"ServerHello", 0},
                                                {"EncryptedExtensions", 0},
                                                {"CertificateRequest", 0},
                                                {"Certificate", 0},
                                                {"CertificateVerify", 0},
                                                {"Finished", 0},
                                                {"Certificate", 1}}) {
    const Bytes message = trace_message(kClientAuth, name, skip);
    transcript.insert(transcript.end(), message.begin(), message.end());
  }
  auto verify = wire::CertificateVerify::decode(ByteView(sent[1]).subspan(4));
  ASSERT_TRUE(verify);
  EXPECT_EQ(verify->algorithm, crypto::SignatureScheme::rsa_pss_rsae_sha256);  // as the trace
  auto spki = key->public_key_info();
  ASSERT_TRUE(spki);
  auto public_key = real().public_key(*spki);
  ASSERT_TRUE(public_key);
  EXPECT_TRUE((*public_key)
                  ->verify(crypto::find_scheme(verify->algorithm)->algorithm,
                           certificate_verify_content(Signer::client, sha256(transcript)),
                           verify->signature));

  transcript.insert(transcript.end(), sent[1].begin(), sent[1].end());
  const TrafficSecret client_handshake(ScheduleContext{&real(), crypto::HashAlgorithm::sha256},
                                       to_secret(secret(kClientAuth, "c hs traffic")));
  auto verify_data = client_handshake.finished_verify_data(sha256(transcript));
  ASSERT_TRUE(verify_data);
  EXPECT_EQ(hex_of(sent[2]),
            hex_of(handshake_message(wire::HandshakeType::finished, verify_data->view())));
}

TEST(Client13Trace, CompatibilityModeToleratesTheServersChangeCipherSpecAndSendsOne) {
  auto trace = start_trace_client(kCompatibility);
  Output out;
  // Our change_cipher_spec goes right after the ServerHello, before our write key changes.
  ASSERT_TRUE(feed_server_flight(*trace, kCompatibility, "ServerHello", out));
  expect_handshake_keys(kCompatibility, out, /*change_cipher_spec=*/true);
  auto finished = feed_server_flight(*trace, kCompatibility, "Finished", out, /*skip_hello=*/true);
  ASSERT_TRUE(finished) << finished.error().to_string();
  expect_second_flight(kCompatibility, out);
}

}  // namespace
}  // namespace cpptls::hs13::client_test
