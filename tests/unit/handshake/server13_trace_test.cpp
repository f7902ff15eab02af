// The TLS 1.3 server replays the server side of draft-ietf-tls-tls13-vectors (RFC 8448's
// draft): the trace's ClientHello goes in, the DeterministicProvider hands out the trace
// server's random and ephemeral private key, and the trace's RSA key and certificate are the
// credential. What is compared, section by section:
//
//  - ServerHello: byte for byte (our extension order, key_share then supported_versions, is
//    the trace's).
//  - Handshake secrets (key log) and the handshake keys and IVs installed: equal.
//  - EncryptedExtensions cannot match: the trace's server (NSS) sends supported_groups,
//    record_size_limit (RFC 8449, which we do not implement) and the server_name
//    acknowledgement; ours sends only the acknowledgement. It is compared with what we must
//    send.
//  - Certificate: byte for byte.
//  - CertificateVerify cannot match: RSA-PSS is randomized. Ours is verified with the
//    certificate's key instead, over our own transcript.
//  - Finished: equal to the verify_data the key schedule gives over our own transcript.
//  - Then, with the test seam that puts the trace's EncryptedExtensions and CertificateVerify in
//    place of ours, the whole encrypted flight is the trace's byte for byte (so our Finished is
//    the trace's), the application secrets and keys are the trace's, and the trace client's
//    Finished is accepted.
//
// Sections: 3 (simple 1-RTT), 5 (HelloRetryRequest, where the trace's HelloRetryRequest also
// carries a cookie we never send: ours is compared without it, then the seam puts the
// trace's in place) and 7 (middlebox compatibility mode: session id echoed, one
// change_cipher_spec each way).
#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/extension_builder.hpp"
#include "handshake/tls13/key_schedule.hpp"
#include "handshake/tls13/protocol.hpp"
#include "unit/handshake/pair13.hpp"
#include "unit/handshake/test_pki.hpp"
#include "unit/wire_messages/test_support.hpp"
#include "wire/messages/certificate_verify.hpp"
#include "wire/messages/server_hello.hpp"

namespace cpptls::handshake::testing {
namespace {

using wire::HandshakeType;
using wire::test::trace_value;

constexpr int kSimple = 3;
constexpr int kRetry = 5;
constexpr int kCompatibility = 7;
constexpr std::int64_t kNow = 1700000000;

std::string hex_of(ByteView bytes) {
  return to_hex(bytes);
}

Bytes body_of(const Bytes& message) {
  return message.size() < 4 ? Bytes{} : Bytes(message.begin() + 4, message.end());
}

Bytes sha256(ByteView data) {
  Bytes digest(32);
  EXPECT_TRUE(crypto::hash_once(real_provider(), crypto::HashAlgorithm::sha256, data, digest));
  return digest;
}

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (const ByteView part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

// The trace's values for one handshake, looked up by section.
struct Trace {
  int section;
  int hello_skip = 0;  // section 5: the second ClientHello and ServerHello are the ones used

  [[nodiscard]] Bytes get(std::string_view action, std::string_view label, int skip = 0) const {
    return trace_value(section, action, label, skip);
  }
  [[nodiscard]] Bytes client_hello() const {
    return get("{client}  construct a ClientHello", "ClientHello", hello_skip);
  }
  [[nodiscard]] Bytes server_hello() const {
    return get("{server}  construct a ServerHello", "ServerHello", hello_skip);
  }
  [[nodiscard]] Bytes message(std::string_view name) const {
    return get("{server}  construct a " + std::string(name) + " handshake", name);
  }
  [[nodiscard]] Bytes secret(std::string_view label) const {
    return get("derive secret \"tls13 " + std::string(label) + "\"", "expanded");
  }
  // The server's encrypted flight, as one record payload (the second thing it sends).
  [[nodiscard]] Bytes server_flight() const {
    return get("{server}  send handshake record", "payload", hello_skip + 1);
  }
};

// A server on the deterministic provider, fed the trace's randomness.
struct TraceServer {
  explicit TraceServer(const Trace& trace, std::string_view share_action = "x25519",
                       crypto::NamedGroup group = crypto::NamedGroup::x25519,
                       std::vector<crypto::NamedGroup> groups = {})
      : provider(real_provider(), 1, kNow) {
    const Bytes hello = trace.server_hello();
    provider.queue_random(Bytes(hello.begin() + 6, hello.begin() + 38));
    provider.queue_key_share_private(
        group,
        trace.get("{server}  create an ephemeral " + std::string(share_action), "private key"));
    ServerSettings settings;
    settings.provider = &provider;
    settings.credentials.push_back(trace_credential(provider));
    settings.key_log = log.callback();
    settings.groups = std::move(groups);
    // RFC 8446 4.2.3 prefers PSS with rsaEncryption keys; the trace signs with
    // rsa_pss_rsae_sha256 too.
    server = std::make_unique<hs13::ServerHandshake>(std::move(settings));
  }

  // Puts the trace's EncryptedExtensions and CertificateVerify in place of ours.
  void use_recorded_messages(const Trace& trace) {
    const Bytes extensions = trace.message("EncryptedExtensions");
    const Bytes verify = trace.message("CertificateVerify");
    server->set_message_hook_for_testing([extensions, verify](HandshakeType type, Bytes& message) {
      if (type == HandshakeType::encrypted_extensions) message = extensions;
      if (type == HandshakeType::certificate_verify) message = verify;
    });
  }

  crypto::testing::DeterministicProvider provider;
  KeyLog log;
  std::unique_ptr<hs13::ServerHandshake> server;
};

void expect_keys(const InstallKeys& install, Direction direction, const Trace& trace,
                 std::string_view action) {
  EXPECT_EQ(install.direction, direction);
  EXPECT_EQ(install.version, crypto::SuiteVersion::tls13);
  EXPECT_EQ(install.keys.aead, crypto::AeadAlgorithm::aes_128_gcm);
  EXPECT_EQ(hex_of(install.keys.key), hex_of(trace.get(action, "key expanded"))) << action;
  EXPECT_EQ(hex_of(install.keys.iv), hex_of(trace.get(action, "iv expanded"))) << action;
}

void expect_handshake_secrets(const TraceServer& server, const Trace& trace) {
  const auto& logged = server.log.secrets;
  ASSERT_TRUE(logged.count(std::string(hs13::kLogClientHandshake)));
  ASSERT_TRUE(logged.count(std::string(hs13::kLogServerHandshake)));
  EXPECT_EQ(hex_of(logged.at(std::string(hs13::kLogClientHandshake))),
            hex_of(trace.secret("c hs traffic")));
  EXPECT_EQ(hex_of(logged.at(std::string(hs13::kLogServerHandshake))),
            hex_of(trace.secret("s hs traffic")));
  const Bytes hello = trace.client_hello();
  EXPECT_EQ(hex_of(server.log.client_random), hex_of(ByteView(hello).subspan(6, 32)));
}

// Our own flight (no seam): what can be compared with the trace, and what must hold for ours.
void expect_own_flight(const Actions& flight, const Bytes& transcript_start, const Trace& trace,
                       const Credential& credential) {
  // RFC 6066 3: the empty server_name acknowledgement is our only extension here.
  const Bytes extensions = flight.message(HandshakeType::encrypted_extensions);
  EXPECT_EQ(hex_of(extensions), "08000006000400000000");
  const Bytes certificate = flight.message(HandshakeType::certificate);
  EXPECT_EQ(hex_of(certificate), hex_of(trace.message("Certificate")));

  const Bytes verify = flight.message(HandshakeType::certificate_verify);
  const Bytes verify_body = body_of(verify);
  auto decoded = wire::CertificateVerify::decode(verify_body);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->algorithm, crypto::SignatureScheme::rsa_pss_rsae_sha256);
  auto key = real_provider().public_key(credential.chain.front().certificate().public_key().spki);
  ASSERT_TRUE(key.has_value());
  const Bytes through_certificate = sha256(concat({transcript_start, extensions, certificate}));
  const crypto::SignatureSchemeInfo* scheme = crypto::find_scheme(decoded->algorithm);
  ASSERT_NE(scheme, nullptr);
  EXPECT_TRUE(
      (*key)->verify(scheme->algorithm,
                     hs13::certificate_verify_content(hs13::Signer::server, through_certificate),
                     decoded->signature));

  // Finished: the key schedule's verify_data, from the trace's server handshake secret, over
  // our transcript through our CertificateVerify.
  const Bytes secret = trace.secret("s hs traffic");
  const hs13::TrafficSecret server_handshake({&real_provider(), crypto::HashAlgorithm::sha256},
                                             SecretBytes(secret.begin(), secret.end()));
  auto expected = server_handshake.finished_verify_data(
      sha256(concat({transcript_start, extensions, certificate, verify})));
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(hex_of(body_of(flight.message(HandshakeType::finished))), hex_of(expected->view()));
}

// With the seam: the flight is the trace's, and so is everything after it.
void expect_recorded_flight_and_application_keys(TraceServer& server, const Actions& flight,
                                                 const Trace& trace) {
  ASSERT_EQ(flight.messages.size(), 5U);
  const Bytes all = flight.all();
  const Bytes encrypted(all.begin() + static_cast<std::ptrdiff_t>(flight.messages.front().size()),
                        all.end());
  EXPECT_EQ(hex_of(encrypted), hex_of(trace.server_flight()));
  EXPECT_EQ(hex_of(flight.message(HandshakeType::finished)),
            hex_of(trace.get("{server}  construct a Finished", "Finished")));

  ASSERT_EQ(flight.installs.size(), 3U);
  expect_keys(flight.installs[2], Direction::write, trace,
              "{server}  derive write traffic keys for application data");
  const auto& logged = server.log.secrets;
  EXPECT_EQ(hex_of(logged.at(std::string(hs13::kLogClientTraffic0))),
            hex_of(trace.secret("c ap traffic")));
  EXPECT_EQ(hex_of(logged.at(std::string(hs13::kLogServerTraffic0))),
            hex_of(trace.secret("s ap traffic")));
  EXPECT_EQ(hex_of(logged.at(std::string(hs13::kLogExporter))), hex_of(trace.secret("exp master")));

  // The trace client's Finished, accepted: the client's application key is installed.
  Output out;
  auto finished =
      feed(*server.server, trace.get("{client}  construct a Finished", "Finished"), out);
  ASSERT_TRUE(finished.has_value()) << finished.error().to_string();
  const Actions end = collect(out);
  EXPECT_EQ(end.order, "install(read) complete");
  ASSERT_EQ(end.installs.size(), 1U);
  expect_keys(end.installs[0], Direction::read, trace,
              "{client}  derive write traffic keys for application data");
  EXPECT_TRUE(server.server->is_complete());
  EXPECT_EQ(server.server->state_name(), "Connected");
}

TEST(Server13Trace, SimpleHandshakeServerHelloAndHandshakeKeysMatchTrace) {
  const Trace trace{kSimple};
  TraceServer server(trace);
  const Bytes hello = trace.client_hello();
  Output out;
  auto accepted = feed(*server.server, hello, out);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
  const Actions flight = collect(out);
  EXPECT_EQ(flight.order,
            "send(server_hello) install(write) install(read) "
            "send(encrypted_extensions,certificate,certificate_verify,finished) install(write)");
  ASSERT_FALSE(flight.messages.empty());
  EXPECT_EQ(hex_of(flight.messages.front()), hex_of(trace.server_hello()));
  ASSERT_EQ(flight.installs.size(), 3U);
  expect_keys(flight.installs[0], Direction::write, trace,
              "{server}  derive write traffic keys for handshake data");
  expect_keys(flight.installs[1], Direction::read, trace,
              "{server}  derive read traffic keys for handshake data");
  expect_handshake_secrets(server, trace);
  expect_own_flight(flight, concat({hello, flight.messages.front()}), trace,
                    trace_credential(real_provider()));
  EXPECT_EQ(server.server->state_name(), "ExpectFinished");
  EXPECT_EQ(server.server->summary().server_name, "server");
  EXPECT_EQ(server.server->summary().cipher_suite, crypto::CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(server.server->summary().group, crypto::NamedGroup::x25519);
}

TEST(Server13Trace, SimpleHandshakeWithRecordedMessagesIsTheTraceToTheEnd) {
  const Trace trace{kSimple};
  TraceServer server(trace);
  server.use_recorded_messages(trace);
  Output out;
  auto accepted = feed(*server.server, trace.client_hello(), out);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
  const Actions flight = collect(out);
  EXPECT_EQ(hex_of(flight.messages.front()), hex_of(trace.server_hello()));
  expect_recorded_flight_and_application_keys(server, flight, trace);
}

TEST(Server13Trace, SimpleHandshakeRefusesTraceFinishedAfterOwnMessages) {
  // Without the seam our EncryptedExtensions differ from the trace's, so the trace client's
  // Finished (over the trace's transcript) must be refused.
  const Trace trace{kSimple};
  TraceServer server(trace);
  Output out;
  ASSERT_TRUE(feed(*server.server, trace.client_hello(), out).has_value());
  out.clear();
  auto finished =
      feed(*server.server, trace.get("{client}  construct a Finished", "Finished"), out);
  ASSERT_FALSE(finished.has_value());
  EXPECT_EQ(finished.error().alert(), AlertDescription::decrypt_error);
}

// The trace's HelloRetryRequest with its cookie extension removed: what our server sends.
Bytes retry_without_cookie(const Bytes& recorded) {
  const Bytes body = body_of(recorded);
  auto hello = wire::ServerHello::decode(body);
  EXPECT_TRUE(hello.has_value());
  if (!hello) return {};
  std::erase_if(hello->extensions, [](const wire::Extension& extension) {
    return extension.type == wire::ExtensionType::cookie;
  });
  Bytes out;
  EXPECT_TRUE(wire::encode_handshake(*hello, out).has_value());
  return out;
}

TEST(Server13Trace, HelloRetryRequestHandshakeMatchesTrace) {
  const Trace first{kRetry};     // ClientHello1 and the HelloRetryRequest
  const Trace trace{kRetry, 1};  // ClientHello2, ServerHello and the rest
  // The trace's server prefers P-256 and the client's only share is X25519. Our rule takes the
  // share of any group we allow before asking for another, so the trace's choice needs a
  // server that allows P-256 only.
  TraceServer server(trace, "P-256", crypto::NamedGroup::secp256r1,
                     {crypto::NamedGroup::secp256r1});
  const Bytes recorded_retry = first.server_hello();
  const Bytes extensions = trace.message("EncryptedExtensions");
  const Bytes verify = trace.message("CertificateVerify");
  auto our_retry = std::make_shared<Bytes>();
  server.server->set_message_hook_for_testing([=](HandshakeType type, Bytes& message) {
    if (type == HandshakeType::server_hello && our_retry->empty()) {
      *our_retry = message;
      message = recorded_retry;  // with the trace's cookie, which the second hello echoes
    }
    if (type == HandshakeType::encrypted_extensions) message = extensions;
    if (type == HandshakeType::certificate_verify) message = verify;
  });

  Output out;
  auto retried = feed(*server.server, first.client_hello(), out);
  ASSERT_TRUE(retried.has_value()) << retried.error().to_string();
  const Actions retry = collect(out);
  EXPECT_EQ(retry.order, "send(server_hello)");
  EXPECT_EQ(hex_of(*our_retry), hex_of(retry_without_cookie(recorded_retry)));
  EXPECT_EQ(server.server->state_name(), "ExpectSecondClientHello");

  auto accepted = feed(*server.server, trace.client_hello(), out);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
  const Actions flight = collect(out);
  EXPECT_EQ(flight.order,
            "send(server_hello) install(write) install(read) "
            "send(encrypted_extensions,certificate,certificate_verify,finished) install(write)");
  ASSERT_FALSE(flight.messages.empty());
  EXPECT_EQ(hex_of(flight.messages.front()), hex_of(trace.server_hello()));
  ASSERT_EQ(flight.installs.size(), 3U);
  expect_keys(flight.installs[0], Direction::write, trace,
              "{server}  derive write traffic keys for handshake data");
  expect_keys(flight.installs[1], Direction::read, trace,
              "{server}  derive read traffic keys for handshake data");
  expect_handshake_secrets(server, trace);
  expect_recorded_flight_and_application_keys(server, flight, trace);
  EXPECT_EQ(server.server->summary().group, crypto::NamedGroup::secp256r1);
}

TEST(Server13Trace, CompatibilityModeHandshakeMatchesTrace) {
  const Trace trace{kCompatibility};
  TraceServer server(trace);
  server.use_recorded_messages(trace);
  const Bytes hello = trace.client_hello();
  ASSERT_GT(hello[38], 0) << "the trace's client sends a legacy_session_id";
  Output out;
  auto accepted = feed(*server.server, hello, out);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().to_string();
  const Actions flight = collect(out);
  // RFC 8446 D.4: the change_cipher_spec right after the ServerHello, in the clear.
  EXPECT_EQ(flight.order,
            "send(server_hello) ccs install(write) install(read) "
            "send(encrypted_extensions,certificate,certificate_verify,finished) install(write)");
  ASSERT_FALSE(flight.messages.empty());
  EXPECT_EQ(hex_of(flight.messages.front()), hex_of(trace.server_hello()));
  ASSERT_EQ(flight.installs.size(), 3U);
  expect_keys(flight.installs[0], Direction::write, trace,
              "{server}  derive write traffic keys for handshake data");
  expect_keys(flight.installs[1], Direction::read, trace,
              "{server}  derive read traffic keys for handshake data");
  expect_handshake_secrets(server, trace);

  // The client's change_cipher_spec before its Finished is dropped.
  ASSERT_TRUE(server.server->on_change_cipher_spec(out).has_value());
  EXPECT_TRUE(out.empty());
  expect_recorded_flight_and_application_keys(server, flight, trace);
}

}  // namespace
}  // namespace cpptls::handshake::testing
