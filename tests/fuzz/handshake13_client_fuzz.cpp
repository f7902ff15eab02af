// Feeds arbitrary bytes to a TLS 1.3 client (hs13::ClientHandshake) as everything the server
// says after the ClientHello, with the deterministic provider (so a crash reproduces from its
// input alone). The input format and the invariants are in handshake13_fuzz.hpp.
//
// The client offers every TLS 1.3 suite and the default groups (one x25519 share), SNI and
// ALPN; it does not verify the server (the chain is fuzz input; verification has its own
// targets); it holds the fixed P-256 credential for a CertificateRequest and keeps tickets in
// a fresh in-memory store.
//
// Seeds (tests/fuzz/seeds/handshake13_client): the server's side of in-memory runs against a
// real hs13::ServerHandshake, recorded by this binary:
//   cmake --build build-fuzz --target fuzz_handshake13_client
//   CPPTLS_FUZZ_WRITE_SEEDS=tests/fuzz/seeds/handshake13_client \
//     build-fuzz/tests/fuzz/fuzz_handshake13_client
// The client's ClientHello depends only on the provider seed, so each replay sees the same
// transcript as the recording and reaches Connected, then takes the NewSessionTickets and the
// server's KeyUpdate (the generator checks it and prints where each replay ends).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connection_fuzz_config.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/session.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/common/ticket_keys.hpp"
#include "handshake/tls13/client.hpp"
#include "handshake/tls13/server.hpp"
#include "handshake13_fuzz.hpp"

namespace {

using namespace cpptls;  // NOLINT(google-build-using-namespace)
using fuzz13::kNow;

constexpr std::uint64_t kClientSeed = 0x5eed13c1;
constexpr std::uint64_t kServerSeed = 0x5eed13c3;  // the recorded server's

constexpr std::string_view kClientStates[] = {
    "Start",
    "ExpectServerHello",
    "ExpectServerHelloAfterRetry",
    "ExpectEncryptedExtensions",
    "ExpectCertificateOrRequest",
    "ExpectCertificate",
    "ExpectCertificateVerify",
    "ExpectFinished",
    "Connected",
};

handshake::ClientSettings client_settings(const crypto::Provider& provider) {
  handshake::ClientSettings settings;
  settings.provider = &provider;
  settings.versions.tls12 = false;
  settings.server_name = "fuzz.example";
  settings.alpn = {"h2", "http/1.1"};
  settings.server_auth = handshake::ServerAuthPolicy::no_verification();
  settings.certificate = fuzz::fixed_credential(fuzz::FixedKey::p256);
  settings.session_store = std::make_shared<handshake::InMemorySessionStore>();
  return settings;
}

// Runs one input; true when the handshake completed.
bool run(ByteView input) {
  crypto::testing::DeterministicProvider provider(crypto::openssl::provider(), kClientSeed, kNow);
  hs13::ClientHandshake client(client_settings(provider));
  handshake::Output out;
  HS13_FUZZ_CHECK(client.start(out));
  HS13_FUZZ_CHECK(!out.empty());
  fuzz13::Harness harness(client, kClientStates);
  harness.run(input);
  if (client.is_complete()) HS13_FUZZ_CHECK(!client.summary().peer_certificates.empty());
  return harness.complete();
}

// ---- Seeds ----

struct Plan {
  std::string name;
  std::function<void(handshake::ServerSettings&)> adjust;
};

std::vector<Plan> plans() {
  using crypto::CipherSuite;
  using crypto::NamedGroup;
  return {
      {"ed25519_aes128", [](handshake::ServerSettings&) {}},
      {"aes256_sha384",
       [](handshake::ServerSettings& s) {
         s.cipher_suites = {CipherSuite::TLS_AES_256_GCM_SHA384};
       }},
      {"chacha20",
       [](handshake::ServerSettings& s) {
         s.cipher_suites = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256};
       }},
      {"retry_secp384r1", [](handshake::ServerSettings& s) { s.groups = {NamedGroup::secp384r1}; }},
      {"retry_secp256r1_sha384",
       [](handshake::ServerSettings& s) {
         s.groups = {NamedGroup::secp256r1};
         s.cipher_suites = {CipherSuite::TLS_AES_256_GCM_SHA384};
       }},
      {"client_auth_requested",
       [](handshake::ServerSettings& s) {
         s.client_auth = handshake::ClientAuth::require;
         s.client_trust = fuzz::fixed_trust();
       }},
      {"rsa_pss_server",
       [](handshake::ServerSettings& s) {
         s.credentials = {fuzz::fixed_credential(fuzz::FixedKey::rsa)};
       }},
      {"p256_server_no_alpn",
       [](handshake::ServerSettings& s) {
         s.credentials = {fuzz::fixed_credential(fuzz::FixedKey::p256)};
         s.alpn.clear();
       }},
  };
}

// One recorded conversation: everything the server sent, in the input format.
bool record(const Plan& plan, Bytes& input) {
  crypto::testing::DeterministicProvider client_provider(crypto::openssl::provider(), kClientSeed,
                                                         kNow);
  crypto::testing::DeterministicProvider server_provider(crypto::openssl::provider(), kServerSeed,
                                                         kNow);
  handshake::ServerSettings server_settings;
  server_settings.provider = &server_provider;
  server_settings.versions.tls12 = false;
  server_settings.credentials = {fuzz::fixed_credential(fuzz::FixedKey::ed25519)};
  server_settings.alpn = {"h2"};
  auto ticket_keys = handshake::TicketKeys::create(server_provider);
  if (!ticket_keys) return false;
  server_settings.ticket_keys = *ticket_keys;
  plan.adjust(server_settings);

  hs13::ClientHandshake client(client_settings(client_provider));
  hs13::ServerHandshake server(std::move(server_settings));
  handshake::Output client_out;
  handshake::Output server_out;
  if (!client.start(client_out) || !server.start(server_out)) return false;
  if (!fuzz13::pump(client, client_out, server, server_out, nullptr, &input)) return false;
  if (!client.is_complete() || !server.is_complete()) return false;
  // After the handshake: the server updates its key and asks for ours (RFC 8446 4.6.3).
  if (!server.update_write_key(true, server_out)) return false;
  return fuzz13::pump(client, client_out, server, server_out, nullptr, &input);
}

int write_seeds(const std::string& directory) {
  int failures = 0;
  for (const Plan& plan : plans()) {
    Bytes input;
    if (!record(plan, input)) {
      std::fprintf(stderr, "%s: the recorded handshake failed\n", plan.name.c_str());
      ++failures;
      continue;
    }
    const bool complete = run(input);
    std::fprintf(stderr, "%s: %zu bytes, replay %s\n", plan.name.c_str(), input.size(),
                 complete ? "reaches Connected" : "does NOT complete");
    if (!complete || !fuzz13::write_hex(directory, plan.name, input)) ++failures;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* directory = std::getenv("CPPTLS_FUZZ_WRITE_SEEDS")) {
    std::exit(write_seeds(directory));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(ByteView(data, size));
  return 0;
}
