#pragma once
// constexpr tables that describe each suite, group and signature scheme we implement: the
// one place that says which AEAD and hash a suite uses, how long a key share is, which key a
// scheme needs, and the AEAD usage limits that make the record layer ask for a KeyUpdate.

#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/algorithms.hpp"

namespace cpptls::crypto {

enum class SuiteVersion : std::uint8_t { tls12, tls13 };
// TLS 1.2 key exchange; TLS 1.3 suites say `any` (the key exchange is negotiated apart).
enum class KeyExchange : std::uint8_t { any, ecdhe_ecdsa, ecdhe_rsa, rsa };

struct AeadInfo {
  AeadAlgorithm algorithm;
  std::string_view name;
  std::size_t key_size;
  // Records that may be sealed under one key before it must change. AES-GCM: 2^24.5 full
  // records keeps the attacker's advantage under 2^-57 (RFC 8446 5.5); we round down to 2^24.
  // ChaCha20-Poly1305 has no practical limit below the sequence number space.
  std::uint64_t confidentiality_limit;
};

struct CipherSuiteInfo {
  CipherSuite id;
  std::string_view name;
  SuiteVersion version;
  KeyExchange key_exchange;
  AeadAlgorithm aead;
  HashAlgorithm hash;  // the PRF / HKDF and transcript hash
  // TLS 1.2 only: the bytes of the IV taken from the key block (RFC 5288: 4-byte salt for
  // GCM; RFC 7905: the whole 12-byte nonce mask for ChaCha20-Poly1305).
  std::size_t tls12_fixed_iv_size;
  // TLS 1.2 only: explicit nonce bytes sent in each record (8 for GCM, 0 for ChaCha20).
  std::size_t tls12_explicit_nonce_size;
};

struct GroupInfo {
  NamedGroup id;
  std::string_view name;
  std::size_t public_key_size;  // as sent in a key share (uncompressed point for ECDH)
  std::size_t shared_secret_size;
};

struct SignatureSchemeInfo {
  SignatureScheme id;
  std::string_view name;
  SignatureAlgorithm algorithm;
  KeyType key_type;  // rsa_pss_rsae_* sign with an rsa key; rsa_pss_pss_* need an rsa_pss key
  bool allowed_in_tls13_handshake;  // RFC 8446 4.2.3: no PKCS#1 v1.5 in CertificateVerify
};

[[nodiscard]] const AeadInfo& aead_info(AeadAlgorithm aead) noexcept;
// Null for a value we do not implement.
[[nodiscard]] const CipherSuiteInfo* find_suite(CipherSuite id) noexcept;
[[nodiscard]] const GroupInfo* find_group(NamedGroup id) noexcept;
[[nodiscard]] const SignatureSchemeInfo* find_scheme(SignatureScheme id) noexcept;

// Lookup by IANA name ("TLS_AES_128_GCM_SHA256", "x25519", "rsa_pss_rsae_sha256") for
// command-line lists; null when unknown.
[[nodiscard]] const CipherSuiteInfo* find_suite(std::string_view name) noexcept;
[[nodiscard]] const GroupInfo* find_group(std::string_view name) noexcept;
[[nodiscard]] const SignatureSchemeInfo* find_scheme(std::string_view name) noexcept;

// Every entry we implement, in our order of preference.
[[nodiscard]] std::span<const CipherSuiteInfo> all_suites() noexcept;
[[nodiscard]] std::span<const GroupInfo> all_groups() noexcept;
[[nodiscard]] std::span<const SignatureSchemeInfo> all_schemes() noexcept;

[[nodiscard]] std::string_view name(HashAlgorithm hash) noexcept;
[[nodiscard]] std::string_view name(AeadAlgorithm aead) noexcept;

}  // namespace cpptls::crypto
