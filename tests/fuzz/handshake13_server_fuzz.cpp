// Feeds arbitrary bytes to a TLS 1.3 server (hs13::ServerHandshake) as everything the client
// says, with the deterministic provider (so a crash reproduces from its input alone). The
// record format and the invariants are in handshake13_fuzz.hpp.
//
// The first input byte is the profile: bit 0 asks for a client certificate
// (ClientAuth::request), bit 1 requires one, bit 2 restricts the server's groups to secp256r1
// (so a default client, whose one share is x25519, gets a HelloRetryRequest). The server
// signs with the fixed Ed25519 credential (deterministic signatures, so a replayed client
// Finished still matches), verifies client certificates against the three fixed certificates
// pinned as anchors (connection_fuzz_config.hpp), offers ALPN, and issues tickets under
// ticket keys drawn first from its provider, so that the keys, and a ticket they sealed, are
// the same in every run.
//
// Seeds (tests/fuzz/seeds/handshake13_server): the client's side of in-memory runs of a real
// hs13::ClientHandshake against this server: ClientHello, the second ClientHello after a
// HelloRetryRequest, the client's certificate flight, Finished, a resumed handshake (a
// ClientHello with a pre_shared_key from the first run's ticket) and a KeyUpdate. Recorded by
// this binary:
//   cmake --build build-fuzz --target fuzz_handshake13_server
//   CPPTLS_FUZZ_WRITE_SEEDS=tests/fuzz/seeds/handshake13_server \
//     build-fuzz/tests/fuzz/fuzz_handshake13_server
// which checks that each replay reaches Connected.
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

constexpr std::uint64_t kServerSeed = 0x5eed13c2;
constexpr std::uint64_t kClientSeed = 0x5eed13c4;  // the recorded client's

constexpr std::uint8_t kRequestCertificate = 1;
constexpr std::uint8_t kRequireCertificate = 2;
constexpr std::uint8_t kOnlySecp256r1 = 4;

constexpr std::string_view kServerStates[] = {
    "ExpectClientHello",       "ExpectSecondClientHello", "ExpectCertificate",
    "ExpectCertificateVerify", "ExpectFinished",          "Connected",
};

// The server of one run: its provider, and ticket keys drawn first from it.
struct Server {
  explicit Server(std::uint8_t profile)
      : provider(crypto::openssl::provider(), kServerSeed, kNow), machine(settings(profile)) {}

  handshake::ServerSettings settings(std::uint8_t profile) {
    handshake::ServerSettings out;
    out.provider = &provider;
    out.versions.tls12 = false;
    out.credentials = {fuzz::fixed_credential(fuzz::FixedKey::ed25519)};
    out.alpn = {"h2", "http/1.1"};
    if ((profile & (kRequestCertificate | kRequireCertificate)) != 0) {
      out.client_auth = (profile & kRequireCertificate) != 0 ? handshake::ClientAuth::require
                                                             : handshake::ClientAuth::request;
      out.client_trust = fuzz::fixed_trust();
    }
    if ((profile & kOnlySecp256r1) != 0) out.groups = {crypto::NamedGroup::secp256r1};
    auto keys = handshake::TicketKeys::create(provider);
    HS13_FUZZ_CHECK(keys.has_value());
    out.ticket_keys = *keys;
    return out;
  }

  crypto::testing::DeterministicProvider provider;
  hs13::ServerHandshake machine;
};

// Runs one input; true when the handshake completed.
bool run(ByteView input) {
  if (input.empty()) return false;
  Server server(input[0]);
  handshake::Output out;
  HS13_FUZZ_CHECK(server.machine.start(out));
  HS13_FUZZ_CHECK(out.empty());
  fuzz13::Harness harness(server.machine, kServerStates);
  harness.run(input.subspan(1));
  return harness.complete();
}

// ---- Seeds ----

struct Plan {
  std::string name;
  std::uint8_t profile = 0;
  std::function<void(handshake::ClientSettings&)> adjust;
  bool resume = false;  // record a second handshake that resumes the first one's session
};

std::vector<Plan> plans() {
  auto with_certificate = [](handshake::ClientSettings& s) {
    s.certificate = fuzz::fixed_credential(fuzz::FixedKey::p256);
  };
  auto nothing = [](handshake::ClientSettings&) {};
  return {
      {"default_client", 0, nothing},
      {"retry", kOnlySecp256r1, nothing},
      {"client_certificate", kRequestCertificate, with_certificate},
      {"client_without_certificate", kRequestCertificate, nothing},
      {"required_certificate_after_retry", kRequireCertificate | kOnlySecp256r1, with_certificate},
      {"chacha20_only", 0,
       [](handshake::ClientSettings& s) {
         s.cipher_suites = {crypto::CipherSuite::TLS_CHACHA20_POLY1305_SHA256};
       }},
      {"aes256_secp384r1", 0,
       [](handshake::ClientSettings& s) {
         s.cipher_suites = {crypto::CipherSuite::TLS_AES_256_GCM_SHA384};
         s.groups = {crypto::NamedGroup::secp384r1};
       }},
      {"resumed", 0, nothing, true},
      {"resumed_after_retry", kOnlySecp256r1, nothing, true},
  };
}

// One handshake of a real client against a fresh Server; what the client sent goes to `log`
// when not null (with the profile byte first). Ends with a KeyUpdate from the client.
bool converse(const Plan& plan, const crypto::Provider& client_provider,
              const std::shared_ptr<handshake::SessionStore>& store, Bytes* log) {
  handshake::ClientSettings settings;
  settings.provider = &client_provider;
  settings.versions.tls12 = false;
  settings.server_name = "fuzz.example";
  settings.alpn = {"h2"};
  settings.server_auth = handshake::ServerAuthPolicy::no_verification();
  settings.session_store = store;
  plan.adjust(settings);
  hs13::ClientHandshake client(std::move(settings));
  Server server(plan.profile);
  if (log != nullptr) log->push_back(plan.profile);
  handshake::Output client_out;
  handshake::Output server_out;
  if (!client.start(client_out) || !server.machine.start(server_out)) return false;
  if (!fuzz13::pump(client, client_out, server.machine, server_out, log, nullptr)) return false;
  if (!client.is_complete() || !server.machine.is_complete()) return false;
  // RFC 8446 4.6.3: the client updates its key and asks for the server's.
  if (!client.update_write_key(true, client_out)) return false;
  return fuzz13::pump(client, client_out, server.machine, server_out, log, nullptr);
}

bool record(const Plan& plan, Bytes& input) {
  crypto::testing::DeterministicProvider client_provider(crypto::openssl::provider(), kClientSeed,
                                                         kNow);
  auto store = std::make_shared<handshake::InMemorySessionStore>();
  if (plan.resume && !converse(plan, client_provider, store, nullptr)) return false;
  return converse(plan, client_provider, store, &input);
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
