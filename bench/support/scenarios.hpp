#pragma once
// What a benchmarked connection negotiates, stated once for both libraries: the protocol
// version, the one cipher suite and the groups each side offers, and the server's key type.

#include <array>
#include <cpptls/algorithms.hpp>
#include <string_view>

#include "bench_pki.hpp"

namespace cpptls_bench {

enum class Version { tls12, tls13 };

struct Scenario {
  std::string_view name;  // the benchmark's subject: "tls12-ecdhe-ecdsa-x25519"
  Version version;
  cpptls::CipherSuite suite;
  // The same suite in OpenSSL's naming: a cipher list entry for TLS 1.2
  // (SSL_CTX_set_cipher_list), a TLS 1.3 ciphersuite name otherwise (SSL_CTX_set_ciphersuites).
  const char* openssl_suite;
  KeyType key;
  // The key exchange group both sides prefer and must negotiate; also offered (and unused)
  // with RSA key transport, as a client that supports ECDHE would.
  cpptls::NamedGroup group = cpptls::NamedGroup::x25519;
  const char* openssl_group = "X25519";
};

// Offered by both sides after the scenario's group: in TLS 1.2 the client's supported groups
// also name the curves it accepts in the server's ECDSA certificate (RFC 8422 5.1), and
// libssl's server refuses a P-256 certificate to a client that lists only x25519.
inline constexpr cpptls::NamedGroup kSecondGroup = cpptls::NamedGroup::secp256r1;
inline constexpr const char* kOpensslSecondGroup = "P-256";

using cpptls::CipherSuite;

// RSA key transport negotiates no group.
[[nodiscard]] constexpr bool uses_key_transport(CipherSuite suite) {
  return suite == CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256 ||
         suite == CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384;
}

// Full handshakes (bench/handshake_bench.cpp).
inline constexpr std::array kHandshakeScenarios = {
    Scenario{"tls12-ecdhe-ecdsa-x25519", Version::tls12,
             CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256",
             KeyType::ecdsa_p256},
    Scenario{"tls12-ecdhe-rsa-x25519", Version::tls12,
             CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "ECDHE-RSA-AES128-GCM-SHA256",
             KeyType::rsa2048},
    // The seed's handshake: the premaster secret sent under the server's RSA key.
    Scenario{"tls12-rsa-key-transport", Version::tls12,
             CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256, "AES128-GCM-SHA256", KeyType::rsa2048},
    // TLS 1.3: the server signs its CertificateVerify (RFC 8446 4.4.3) where TLS 1.2 signs
    // its ServerKeyExchange; the public-key work is the same.
    Scenario{"tls13-ecdsa-p256-x25519", Version::tls13, CipherSuite::TLS_AES_128_GCM_SHA256,
             "TLS_AES_128_GCM_SHA256", KeyType::ecdsa_p256},
    Scenario{"tls13-rsa2048-x25519", Version::tls13, CipherSuite::TLS_AES_128_GCM_SHA256,
             "TLS_AES_128_GCM_SHA256", KeyType::rsa2048},
};

// Application data after one handshake (bench/bulk_bench.cpp); named for the record cipher.
inline constexpr std::array kBulkScenarios = {
    Scenario{"tls12-aes128gcm", Version::tls12,
             CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256",
             KeyType::ecdsa_p256},
    Scenario{"tls12-chacha20poly1305", Version::tls12,
             CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
             "ECDHE-ECDSA-CHACHA20-POLY1305", KeyType::ecdsa_p256},
};

// Heap held by an established pair (bench/memory_bench.cpp).
inline constexpr std::array kMemoryScenarios = {kHandshakeScenarios[0], kHandshakeScenarios[1],
                                                kHandshakeScenarios[3]};

}  // namespace cpptls_bench
