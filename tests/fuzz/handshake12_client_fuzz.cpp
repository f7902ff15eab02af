// Feeds arbitrary bytes to a TLS 1.2 client as everything the server says after the
// ClientHello, with the deterministic provider (so a crash reproduces from its input alone).
//
// Input: records, [content type u8][length u16][fragment]. Handshake (22) fragments are joined
// and cut into whole handshake messages (wire::HandshakeMessage::decode), each given to
// on_message; change_cipher_spec (20) calls on_change_cipher_spec; any other type, or a record
// that runs past the input, ends it. The seeds are the flights of an in-memory run with the
// same settings and provider seed, which reach Connected (except RSA key transport: the
// PKCS#1 padding of the client's premaster is OpenSSL's randomness, so the replayed transcript
// differs and the server Finished no longer matches).
//
// Invariants: nothing crashes; a failure has a reason and a real alert, leaves the machine in
// Failed and is returned again, identically, by the next call; installed keys have the sizes
// of the negotiated suite; the handshake completes only once, after both keys are installed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/client.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"

namespace {

using namespace cpptls;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

constexpr std::uint64_t kProviderSeed = 0x5eed12c1;
constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kChangeCipherSpec = 20;

handshake::ClientSettings client_settings(const crypto::Provider& provider) {
  handshake::ClientSettings settings;
  settings.provider = &provider;
  settings.cipher_suites = {
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
      crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
      crypto::CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
      crypto::CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
      crypto::CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
  };
  settings.server_name = "fuzz.example";
  settings.alpn = {"h2", "http/1.1"};
  settings.server_auth =
      handshake::ServerAuthPolicy::no_verification();  // the chain is fuzz input; verification has
                                                       // its own targets
  return settings;
}

struct Tracker {
  std::size_t installs = 0;
  bool complete = false;

  void check(handshake::Output& out) {
    for (handshake::Action& action : out.actions()) {
      if (const auto* install = std::get_if<handshake::InstallKeys>(&action)) {
        FUZZ_CHECK(install->version == crypto::SuiteVersion::tls12);
        FUZZ_CHECK(install->keys.key.size() == crypto::key_size(install->keys.aead));
        FUZZ_CHECK(install->keys.iv.size() == 4 || install->keys.iv.size() == 12);
        ++installs;
      } else if (std::holds_alternative<handshake::HandshakeComplete>(action)) {
        FUZZ_CHECK(!complete);
        FUZZ_CHECK(installs == 2);
        complete = true;
      }
    }
    out.clear();
  }
};

// With CPPTLS_FUZZ_TRACE set, says where an input ended (for triage and to check seeds).
void trace(const handshake::Handshake& machine, const Error* error) {
  if (std::getenv("CPPTLS_FUZZ_TRACE") == nullptr) return;
  std::fprintf(stderr, "ended in %s%s%s\n", std::string(machine.state_name()).c_str(),
               error != nullptr ? ": " : "", error != nullptr ? error->to_string().c_str() : "");
}

// Checks a failure; true when the input should stop.
bool failed(const Expected<void>& result, handshake::Handshake& machine) {
  if (result) return false;
  const Error& error = result.error();
  trace(machine, &error);
  FUZZ_CHECK(!error.reason().empty());
  FUZZ_CHECK(error.alert() != AlertDescription::close_notify);
  FUZZ_CHECK(machine.state_name() == "Failed");
  FUZZ_CHECK(!machine.is_complete());
  handshake::Output out;
  auto again = machine.on_change_cipher_spec(out);
  FUZZ_CHECK(!again && again.error().reason() == error.reason());
  FUZZ_CHECK(out.empty());
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crypto::testing::DeterministicProvider provider(crypto::openssl::provider(), kProviderSeed, kNow);
  hs12::ClientHandshake client(client_settings(provider));
  handshake::Output out;
  Tracker tracker;
  FUZZ_CHECK(client.start(out));
  tracker.check(out);

  wire::Reader records(ByteView(data, size));
  Bytes pending;
  while (!records.empty()) {
    auto type = records.u8();
    if (!type) break;
    auto fragment = records.u16_prefixed("fragment");
    if (!fragment) break;
    if (*type == kChangeCipherSpec) {
      if (failed(client.on_change_cipher_spec(out), client)) return 0;
      tracker.check(out);
      continue;
    }
    if (*type != kHandshake) break;
    pending.insert(pending.end(), fragment->begin(), fragment->end());
    std::size_t consumed = 0;
    while (true) {
      wire::Reader reader(ByteView(pending).subspan(consumed));
      auto message = wire::HandshakeMessage::decode(reader);
      if (!message) break;
      const ByteView encoded = ByteView(pending).subspan(consumed, reader.offset());
      if (failed(client.on_message(*message, encoded, out), client)) return 0;
      tracker.check(out);
      consumed += reader.offset();
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(consumed));
  }
  trace(client, nullptr);
  FUZZ_CHECK(client.is_complete() == tracker.complete);
  if (client.is_complete()) {
    FUZZ_CHECK(client.state_name() == "Connected");
    FUZZ_CHECK(!client.summary().peer_certificates.empty());
  }
  return 0;
}
