#pragma once
// The configurations the connection fuzz targets run with (connection_fuzz.hpp): the provider
// seeds, the fixed server credentials, and the client and server settings each profile byte
// selects. The seed generator (connection_fuzz_seeds.hpp) builds its peers from the same
// pieces.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "base/bytes.hpp"
#include "base/hex.hpp"
#include "conn/side.hpp"
#include "connection_fuzz_credentials.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/handshake.hpp"
#include "handshake/common/settings.hpp"
#include "handshake/tls12/client.hpp"
#include "handshake/tls12/server.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"

// A violated invariant: says which, where, and aborts so that libFuzzer keeps the input.
#define CONN_FUZZ_CHECK(condition)                                                           \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

namespace cpptls::fuzz {

// The provider seed of the engine under test; the seed generator uses the same, so that the
// engine's own randomness (hello random, key shares) matches what the recorded peer saw.
inline constexpr std::uint64_t kClientSeed = 0x5eedc011;
inline constexpr std::uint64_t kServerSeed = 0x5eedc022;
inline constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15, inside every cert's validity

// CPPTLS_FUZZ_TRACE set: the harness prints every message and where an input ended.
[[nodiscard]] inline bool tracing() {
  static const bool on = std::getenv("CPPTLS_FUZZ_TRACE") != nullptr;
  return on;
}

enum class FixedKey : std::uint8_t { ed25519, rsa, p256 };

struct ClientProfile {
  bool verify_peer = false;  // against a trust store holding the three fixed certificates
  bool require_ems = false;
  bool alpn = true;
};

struct ServerProfile {
  FixedKey key = FixedKey::ed25519;
  bool ems = true;  // answer extended_master_secret (off stands in for an older server)
  bool alpn = true;
};

[[nodiscard]] inline ClientProfile client_profile(std::uint8_t byte) {
  return {(byte & 1) != 0, (byte & 2) != 0, (byte & 4) == 0};
}
[[nodiscard]] inline std::uint8_t profile_byte(const ClientProfile& profile) {
  return static_cast<std::uint8_t>((profile.verify_peer ? 1 : 0) | (profile.require_ems ? 2 : 0) |
                                   (profile.alpn ? 0 : 4));
}

[[nodiscard]] inline ServerProfile server_profile(std::uint8_t byte) {
  return {static_cast<FixedKey>(byte % 3), (byte / 3) % 2 == 0, (byte / 6) % 2 == 0};
}
[[nodiscard]] inline std::uint8_t profile_byte(const ServerProfile& profile) {
  return static_cast<std::uint8_t>(static_cast<int>(profile.key) + (profile.ems ? 0 : 3) +
                                   (profile.alpn ? 0 : 6));
}

[[nodiscard]] inline x509::ParsedCertificate fixed_certificate(FixedKey key) {
  const std::string_view hex = key == FixedKey::ed25519 ? kEd25519Certificate
                               : key == FixedKey::rsa   ? kRsaCertificate
                                                        : kP256Certificate;
  auto certificate = x509::ParsedCertificate::parse(*from_hex(hex));
  CONN_FUZZ_CHECK(certificate.has_value());
  return std::move(*certificate);
}

[[nodiscard]] inline const handshake::Credential& fixed_credential(FixedKey key) {
  static const std::vector<handshake::Credential> credentials = [] {
    std::vector<handshake::Credential> out;
    for (const FixedKey each : {FixedKey::ed25519, FixedKey::rsa, FixedKey::p256}) {
      const std::string_view hex = each == FixedKey::ed25519 ? kEd25519KeyPkcs8
                                   : each == FixedKey::rsa   ? kRsaKeyPkcs8
                                                             : kP256KeyPkcs8;
      auto loaded = crypto::openssl::provider().private_key_from_der(*from_hex(hex));
      CONN_FUZZ_CHECK(loaded.has_value());
      handshake::Credential credential;
      credential.key = std::shared_ptr<const crypto::PrivateKey>(std::move(*loaded));
      credential.chain.push_back(fixed_certificate(each));
      out.push_back(std::move(credential));
    }
    return out;
  }();
  return credentials.at(static_cast<std::size_t>(key));
}

// Each fixed certificate as its own anchor (a pinned self-signed certificate).
[[nodiscard]] inline std::shared_ptr<const x509::TrustStore> fixed_trust() {
  static const std::shared_ptr<const x509::TrustStore> trust = [] {
    auto store = std::make_shared<x509::TrustStore>();
    for (const FixedKey each : {FixedKey::ed25519, FixedKey::rsa, FixedKey::p256})
      store->add(fixed_certificate(each));
    return store;
  }();
  return trust;
}

// Every TLS 1.2 suite we implement, RSA key transport included (it is off by default, but a
// peer that picks it must still be handled safely).
[[nodiscard]] inline std::vector<crypto::CipherSuite> all_tls12_suites() {
  using crypto::CipherSuite;
  return {
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
  };
}

[[nodiscard]] inline handshake::ClientSettings client_settings(const crypto::Provider& provider,
                                                               const ClientProfile& profile) {
  handshake::ClientSettings settings;
  settings.provider = &provider;
  settings.cipher_suites = all_tls12_suites();
  settings.server_name = "fuzz.example";
  if (profile.alpn) settings.alpn = {"h2", "http/1.1"};
  if (profile.verify_peer) {
    auto policy = handshake::ServerAuthPolicy::verify(fixed_trust(), settings.server_name);
    if (policy) settings.server_auth = std::move(*policy);  // unset otherwise: fails closed
  } else {
    settings.server_auth = handshake::ServerAuthPolicy::no_verification();
  }
  settings.require_extended_master_secret = profile.require_ems;
  settings.versions.tls13 = false;  // these are the TLS 1.2 machines alone
  return settings;
}

[[nodiscard]] inline handshake::ServerSettings server_settings(const crypto::Provider& provider,
                                                               const ServerProfile& profile) {
  handshake::ServerSettings settings;
  settings.provider = &provider;
  settings.cipher_suites = all_tls12_suites();
  settings.credentials.push_back(fixed_credential(profile.key));
  if (profile.alpn) settings.alpn = {"h2", "http/1.1"};
  settings.extended_master_secret = profile.ems;
  settings.versions.tls13 = false;  // no TLS 1.3 downgrade sentinel (RFC 8446 4.1.3)
  return settings;
}

[[nodiscard]] inline std::unique_ptr<handshake::Handshake> make_handshake(
    conn::Side side, const crypto::Provider& provider, std::uint8_t profile) {
  if (side == conn::Side::client) {
    return std::make_unique<hs12::ClientHandshake>(
        client_settings(provider, client_profile(profile)));
  }
  return std::make_unique<hs12::ServerHandshake>(
      server_settings(provider, server_profile(profile)));
}

}  // namespace cpptls::fuzz
