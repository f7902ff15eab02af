#pragma once
// Algorithm identifiers. The TLS code points (cipher suites, named groups, signature schemes)
// are defined here, below the codec, because the crypto descriptors are keyed on them; wire
// re-exports them with the other IANA registries. Each enum keeps unknown values.

#include <cstddef>
#include <cstdint>

namespace cpptls::crypto {

enum class HashAlgorithm : std::uint8_t { sha256, sha384, sha512 };

[[nodiscard]] constexpr std::size_t digest_size(HashAlgorithm hash) noexcept {
  switch (hash) {
    case HashAlgorithm::sha256:
      return 32;
    case HashAlgorithm::sha384:
      return 48;
    case HashAlgorithm::sha512:
      return 64;
  }
  return 0;
}
constexpr std::size_t kMaxDigestSize = 64;

enum class AeadAlgorithm : std::uint8_t { aes_128_gcm, aes_256_gcm, chacha20_poly1305 };

// RFC 8446 5.2 and RFC 5116: every suite we support has a 12-byte nonce and a 16-byte tag.
constexpr std::size_t kAeadNonceSize = 12;
constexpr std::size_t kAeadTagSize = 16;

[[nodiscard]] constexpr std::size_t key_size(AeadAlgorithm aead) noexcept {
  switch (aead) {
    case AeadAlgorithm::aes_128_gcm:
      return 16;
    case AeadAlgorithm::aes_256_gcm:
    case AeadAlgorithm::chacha20_poly1305:
      return 32;
  }
  return 0;
}

// IANA TLS Supported Groups.
enum class NamedGroup : std::uint16_t {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  secp521r1 = 0x0019,
  x25519 = 0x001d,
  x448 = 0x001e,
  ffdhe2048 = 0x0100,
};

// IANA TLS SignatureScheme.
enum class SignatureScheme : std::uint16_t {
  rsa_pkcs1_sha1 = 0x0201,
  ecdsa_sha1 = 0x0203,
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ed25519 = 0x0807,
  ed448 = 0x0808,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080a,
  rsa_pss_pss_sha512 = 0x080b,
};

// IANA TLS Cipher Suites (those we implement plus a few a trace may show).
enum class CipherSuite : std::uint16_t {
  TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c,
  TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d,
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff,
  TLS_AES_128_GCM_SHA256 = 0x1301,
  TLS_AES_256_GCM_SHA384 = 0x1302,
  TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
  TLS_FALLBACK_SCSV = 0x5600,
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b,
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030,
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8,
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9,
};

// How a signature is computed, independent of how TLS or X.509 name it.
enum class SignatureKind : std::uint8_t { rsa_pkcs1, rsa_pss, ecdsa, ed25519 };

struct SignatureAlgorithm {
  SignatureKind kind;
  HashAlgorithm hash;  // ignored for ed25519 (PureEdDSA)
  // RSA-PSS salt length in bytes; TLS always uses the digest size (RFC 8446 4.2.3).
  std::uint16_t pss_salt_length = 0;

  friend constexpr bool operator==(const SignatureAlgorithm&, const SignatureAlgorithm&) = default;
};

enum class KeyType : std::uint8_t { rsa, rsa_pss, ec_p256, ec_p384, ed25519 };

}  // namespace cpptls::crypto
