// Feeds arbitrary bytes to a TLS 1.2 server as everything the client says, with the
// deterministic provider (so a crash reproduces from its input alone).
//
// Input: records, [content type u8][length u16][fragment]. Handshake (22) fragments are joined
// and cut into whole handshake messages (wire::HandshakeMessage::decode), each given to
// on_message; change_cipher_spec (20) calls on_change_cipher_spec; any other type, or a record
// that runs past the input, ends it. The seeds are the client flights of in-memory runs with
// the same settings and provider seed. (With an ECDSA key, whose signatures OpenSSL randomises,
// a replayed client Finished no longer matches, so seeds reach the Finished check, not
// Connected.)
//
// The credential is fixed: a P-256 key (PKCS#8 DER) and a self-signed certificate for
// fuzz.example, made with the openssl command line as tests/pki/make-test-pki.sh makes its
// keys:
//   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem
//   openssl pkcs8 -topk8 -nocrypt -in key.pem -outform DER -out key.der
//   openssl req -x509 -new -key key.pem -subj /CN=fuzz.example \
//     -addext subjectAltName=DNS:fuzz.example -addext basicConstraints=critical,CA:FALSE \
//     -days 36500 -sha256 -outform DER -out cert.der
//
// Invariants: nothing crashes; a failure has a reason and a real alert, leaves the machine in
// Failed and is returned again, identically, by the next call; installed keys have the sizes
// of the negotiated suite; the handshake completes only once, after both keys are installed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/hex.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/testing/deterministic_provider.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/server.hpp"
#include "wire/messages/handshake_header.hpp"
#include "wire/reader.hpp"
#include "x509/certificate.hpp"

namespace {

using namespace cpptls;  // NOLINT(google-build-using-namespace)

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

constexpr std::uint64_t kProviderSeed = 0x5eed12c2;
constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kChangeCipherSpec = 20;

constexpr std::string_view kKeyPkcs8 =
    "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b020101042055ecd8a6"
    "0daece3c3fcf9b82fca5727b2ec3d89d230a76d5941c803dd03c2155a14403420004866f51cecc80"
    "01384a41e4aadbbbd29532611be7c47a936268a6e84e8956755f765d9b2173355a858dd1709b9c78"
    "3b16563c9a80db934aea4d6f6f8b719ec278";

constexpr std::string_view kCertificate =
    "3082019a30820141a00302010202146b62cfda16f849850885657fef33d2b263cdbccc300a06082a"
    "8648ce3d04030230173115301306035504030c0c66757a7a2e6578616d706c653020170d32363131"
    "32363233323831335a180f32313236313130323233323831335a30173115301306035504030c0c66"
    "757a7a2e6578616d706c653059301306072a8648ce3d020106082a8648ce3d03010703420004866f"
    "51cecc8001384a41e4aadbbbd29532611be7c47a936268a6e84e8956755f765d9b2173355a858dd1"
    "709b9c783b16563c9a80db934aea4d6f6f8b719ec278a3693067301d0603551d0e04160414beb06b"
    "3aaa9f1a4e8744d2cda8499d3fc03fc9a6301f0603551d23041830168014beb06b3aaa9f1a4e8744"
    "d2cda8499d3fc03fc9a630170603551d110410300e820c66757a7a2e6578616d706c65300c060355"
    "1d130101ff04023000300a06082a8648ce3d040302034700304402201c5381e674e0b21467133691"
    "cd7caa6e1c2a12541fe0dab20b87f6e37137d93b02207f537082ef30d8539c12bf1de6c2eb81ad3f"
    "e44ccc904dfbb4b2338cf7a141c7";

const handshake::Credential& credential() {
  static const handshake::Credential fixed = [] {
    handshake::Credential out;
    auto key = crypto::openssl::provider().private_key_from_der(*from_hex(kKeyPkcs8));
    FUZZ_CHECK(key.has_value());
    out.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*key));
    auto certificate = x509::ParsedCertificate::parse(*from_hex(kCertificate));
    FUZZ_CHECK(certificate.has_value());
    out.chain.push_back(std::move(*certificate));
    return out;
  }();
  return fixed;
}

handshake::ServerSettings server_settings(const crypto::Provider& provider) {
  handshake::ServerSettings settings;
  settings.provider = &provider;
  settings.cipher_suites = {
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      crypto::CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
  };
  settings.credentials.push_back(credential());
  settings.alpn = {"h2", "http/1.1"};
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
  FUZZ_CHECK(error.kind() != ErrorKind::api_misuse);
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
  hs12::ServerHandshake server(server_settings(provider));
  handshake::Output out;
  Tracker tracker;
  FUZZ_CHECK(server.start(out));
  FUZZ_CHECK(out.empty());

  wire::Reader records(ByteView(data, size));
  Bytes pending;
  while (!records.empty()) {
    auto type = records.u8();
    if (!type) break;
    auto fragment = records.u16_prefixed("fragment");
    if (!fragment) break;
    if (*type == kChangeCipherSpec) {
      if (failed(server.on_change_cipher_spec(out), server)) return 0;
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
      if (failed(server.on_message(*message, encoded, out), server)) return 0;
      tracker.check(out);
      consumed += reader.offset();
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(consumed));
  }
  trace(server, nullptr);
  FUZZ_CHECK(server.is_complete() == tracker.complete);
  if (server.is_complete()) FUZZ_CHECK(server.state_name() == "Connected");
  return 0;
}
