#pragma once
// The algorithms a configuration may name: cipher suites, key-exchange groups and signature
// schemes, by their IANA code points and names ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
// "x25519", "rsa_pss_rsae_sha256").
// Thread-safety: plain values and pure functions; safe from any thread.

#include <cstdint>
#include <string_view>
#include <vector>

#include "cpptls/result.hpp"

namespace cpptls {

// IANA TLS Cipher Suites this library implements.
enum class CipherSuite : std::uint16_t {
  // TLS 1.2 (RFC 5289, RFC 7905). ECDHE first: they have forward secrecy.
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b,
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c,
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030,
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8,
  // TLS 1.2 RSA key transport (RFC 5288): no forward secrecy, so never on by default.
  TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c,
  TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d,
  // TLS 1.3 (RFC 8446 B.4).
  TLS_AES_128_GCM_SHA256 = 0x1301,
  TLS_AES_256_GCM_SHA384 = 0x1302,
  TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
};

// The protocol versions, by their wire values.
enum class ProtocolVersion : std::uint16_t {
  tls12 = 0x0303,
  tls13 = 0x0304,
};

// IANA TLS Supported Groups this library implements.
enum class NamedGroup : std::uint16_t {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  x25519 = 0x001d,
};

// IANA TLS SignatureSchemes this library implements (RFC 8446 4.2.3; RFC 5246 7.4.1.4.1 for
// TLS 1.2, where PKCS#1 v1.5 may still sign; TLS 1.3 handshakes never use it).
enum class SignatureScheme : std::uint16_t {
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080a,
  rsa_pss_pss_sha512 = 0x080b,
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ed25519 = 0x0807,
};

// The IANA name, or an empty view for a value not listed above.
[[nodiscard]] std::string_view name(CipherSuite suite) noexcept;
[[nodiscard]] std::string_view name(NamedGroup group) noexcept;
[[nodiscard]] std::string_view name(SignatureScheme scheme) noexcept;

// Comma-separated IANA names, in order of preference; case-insensitive, spaces around names
// ignored. An empty list, an empty or repeated entry, or a name not implemented is an
// api_misuse error that lists the valid names.
[[nodiscard]] Result<std::vector<CipherSuite>> parse_cipher_suites(std::string_view comma_list);
[[nodiscard]] Result<std::vector<NamedGroup>> parse_groups(std::string_view comma_list);
[[nodiscard]] Result<std::vector<SignatureScheme>> parse_signature_schemes(
    std::string_view comma_list);

}  // namespace cpptls
