#pragma once
// What a handshake offers and accepts when the configuration says nothing: an empty list in
// ClientSettings or ServerSettings means the default list below.

#include <span>
#include <vector>

#include "crypto/algorithms.hpp"

namespace cpptls::handshake {

// The six ECDHE suites, AES-128-GCM first. RSA key transport (TLS_RSA_WITH_*) is left out:
// it has no forward secrecy, so it must be configured explicitly.
[[nodiscard]] std::span<const crypto::CipherSuite> default_tls12_cipher_suites() noexcept;

// TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256.
[[nodiscard]] std::span<const crypto::CipherSuite> default_tls13_cipher_suites() noexcept;

// x25519, secp256r1, secp384r1.
[[nodiscard]] std::span<const crypto::NamedGroup> default_groups() noexcept;

// ECDSA, then RSA-PSS (rsaEncryption keys, then RSASSA-PSS keys), then PKCS#1 v1.5 (which TLS 1.2
// may still use in ServerKeyExchange, RFC 5246 7.4.1.4.1), then Ed25519.
[[nodiscard]] std::span<const crypto::SignatureScheme> default_signature_schemes() noexcept;

// `configured` when it is not empty, else `defaults`.
template <class T>
[[nodiscard]] std::vector<T> or_default(const std::vector<T>& configured,
                                        std::span<const T> defaults) {
  if (!configured.empty()) return configured;
  return {defaults.begin(), defaults.end()};
}

}  // namespace cpptls::handshake
