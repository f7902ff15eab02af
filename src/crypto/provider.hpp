#pragma once
// The narrow interface through which everything above this layer reaches cryptography.
// The production implementation wraps OpenSSL 3's libcrypto (crypto/openssl); tests and fuzz
// targets use a deterministic one (crypto/testing). A Provider is passed in with the
// configuration, never found through a global, and must be safe to use from many threads at
// once; the objects it makes (hashes, MACs, AEAD keys, key shares) belong to one user.
//
// Cost model: algorithm handles are fetched once when the provider is built; an AeadKey holds
// a context keyed once, so sealing or opening a record allocates nothing.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/algorithms.hpp"

namespace cpptls::crypto {

// An incremental hash. update() cannot fail visibly: a library failure is remembered and
// reported by finish(). clone() copies the running state, which the transcript hash uses to
// read a digest and carry on.
class Hash {
 public:
  virtual ~Hash() = default;
  [[nodiscard]] virtual HashAlgorithm algorithm() const noexcept = 0;
  virtual void update(ByteView data) noexcept = 0;
  // Writes digest_size(algorithm()) bytes into out (which must be at least that long) and
  // resets the hash to its empty state.
  [[nodiscard]] virtual Expected<void> finish(MutableByteView out) noexcept = 0;
  [[nodiscard]] virtual Expected<std::unique_ptr<Hash>> clone() const = 0;
};

// HMAC under a key given once. finish() leaves the object ready for a new message under the
// same key, so the PRF and HKDF reuse one object per key.
class Mac {
 public:
  virtual ~Mac() = default;
  [[nodiscard]] virtual HashAlgorithm algorithm() const noexcept = 0;
  virtual void update(ByteView data) noexcept = 0;
  // Writes digest_size(algorithm()) bytes into out and restarts under the same key.
  [[nodiscard]] virtual Expected<void> finish(MutableByteView out) noexcept = 0;
};

// An AEAD key bound to its cipher context, keyed once. Nonces are kAeadNonceSize bytes, tags
// kAeadTagSize bytes. Neither operation allocates.
class AeadKey {
 public:
  virtual ~AeadKey() = default;
  [[nodiscard]] virtual AeadAlgorithm algorithm() const noexcept = 0;
  // Encrypts `plaintext` followed by `trailer` into `out` (exactly plaintext.size() +
  // trailer.size() bytes) and writes the tag. Out of place, so that a record is sealed
  // straight from the caller's data into the outgoing buffer with no copy; `plaintext` may
  // also be the first bytes of `out` itself (in place). `trailer` is for TLS 1.3's inner
  // content type and padding, and may be empty; it must not overlap `out`.
  [[nodiscard]] virtual Expected<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                                            ByteView trailer, MutableByteView out,
                                            MutableByteView tag_out) noexcept = 0;
  // Checks the tag and decrypts in place. On failure (ErrorCode::bad_record_mac, alert
  // bad_record_mac) in_out holds no plaintext the caller may use.
  [[nodiscard]] virtual Expected<void> open(ByteView nonce, ByteView aad, MutableByteView in_out,
                                            ByteView tag) noexcept = 0;
};

// One side of an (EC)DH exchange: our private key and its public value.
class KeyShare {
 public:
  virtual ~KeyShare() = default;
  [[nodiscard]] virtual NamedGroup group() const noexcept = 0;
  // Our public value as TLS sends it: 32 bytes for X25519, an uncompressed point for NIST
  // curves.
  [[nodiscard]] virtual ByteView public_value() const noexcept = 0;
  // The shared secret with the peer's public value (the x-coordinate for NIST curves). A
  // malformed value, a point not on the curve or an all-zero X25519 result is refused with
  // ErrorCode::invalid_public_value and alert illegal_parameter.
  [[nodiscard]] virtual Expected<SecretBytes> derive(ByteView peer_public_value) const = 0;
};

// A public key taken from a SubjectPublicKeyInfo, parsed once and usable for many checks.
class PublicKey {
 public:
  virtual ~PublicKey() = default;
  [[nodiscard]] virtual KeyType type() const noexcept = 0;
  // Modulus bits for RSA, field bits for EC, 256 for Ed25519.
  [[nodiscard]] virtual std::size_t bits() const noexcept = 0;
  // Success, or ErrorCode::bad_signature (alert decrypt_error) when the signature does not
  // verify, or unsupported_algorithm when this key cannot make such signatures.
  [[nodiscard]] virtual Expected<void> verify(const SignatureAlgorithm& algorithm, ByteView message,
                                              ByteView signature) const = 0;
  // RSA key transport, the client's half (RFC 5246 7.4.7.1): PKCS#1 v1.5 encryption of the
  // premaster secret. Only for RSA keys.
  [[nodiscard]] virtual Expected<Bytes> encrypt_pkcs1(ByteView plaintext) const = 0;
};

class PrivateKey {
 public:
  virtual ~PrivateKey() = default;
  [[nodiscard]] virtual KeyType type() const noexcept = 0;
  [[nodiscard]] virtual std::size_t bits() const noexcept = 0;
  // The DER SubjectPublicKeyInfo of the matching public key.
  [[nodiscard]] virtual Expected<Bytes> public_key_info() const = 0;
  // The DER PKCS#8 PrivateKeyInfo (RFC 5208 5), unencrypted, in wiping memory: for writing
  // a key file (`cpptls ca`) that private_key_from_der/_pem read back.
  [[nodiscard]] virtual Expected<SecretBytes> private_key_info() const = 0;
  [[nodiscard]] virtual Expected<Bytes> sign(const SignatureAlgorithm& algorithm,
                                             ByteView message) const = 0;
  // RSA key transport, the server's half, with the RFC 5246 7.4.7.1 countermeasure: the
  // result is always 48 bytes. If the padding is bad, or the version in the first two bytes
  // is not client_version, the result is random bytes instead, chosen without a branch or
  // timing difference that tells the cases apart; no error is returned for them. Errors are
  // returned only for a ciphertext whose length differs from the modulus (public
  // information) and for library failures.
  [[nodiscard]] virtual Expected<SecretBytes> decrypt_premaster(
      ByteView ciphertext, std::uint16_t client_version) const = 0;
};

class Provider {
 public:
  virtual ~Provider() = default;

  // "OpenSSL libcrypto" and "OpenSSL 3.0.19 ..." for the production provider.
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  [[nodiscard]] virtual std::string version() const = 0;

  // Cryptographically secure random bytes.
  [[nodiscard]] virtual Expected<void> random(MutableByteView out) const noexcept = 0;
  // Seconds since the Unix epoch. The only clock layers 0-3 see (certificate validity,
  // ticket ages).
  [[nodiscard]] virtual std::int64_t now() const noexcept = 0;

  [[nodiscard]] virtual Expected<std::unique_ptr<Hash>> hash(HashAlgorithm algorithm) const = 0;
  [[nodiscard]] virtual Expected<std::unique_ptr<Mac>> hmac(HashAlgorithm algorithm,
                                                            ByteView key) const = 0;
  [[nodiscard]] virtual Expected<std::unique_ptr<AeadKey>> aead(AeadAlgorithm algorithm,
                                                                ByteView key) const = 0;

  [[nodiscard]] virtual Expected<std::unique_ptr<KeyShare>> generate_key_share(
      NamedGroup group) const = 0;
  // A key share from a known private key (RFC 7748 scalar for X25519, big-endian scalar for
  // NIST curves): for test vectors and the deterministic provider.
  [[nodiscard]] virtual Expected<std::unique_ptr<KeyShare>> key_share_from_private(
      NamedGroup group, ByteView private_key) const = 0;

  [[nodiscard]] virtual Expected<std::unique_ptr<PublicKey>> public_key(
      ByteView subject_public_key_info) const = 0;
  // PEM: PKCS#8 ("PRIVATE KEY"), traditional RSA ("RSA PRIVATE KEY") or EC ("EC PRIVATE KEY").
  [[nodiscard]] virtual Expected<std::unique_ptr<PrivateKey>> private_key_from_pem(
      std::string_view pem) const = 0;
  // DER PKCS#8 PrivateKeyInfo.
  [[nodiscard]] virtual Expected<std::unique_ptr<PrivateKey>> private_key_from_der(
      ByteView pkcs8) const = 0;
  // Makes a fresh private key (for `cpptls ca` and throwaway demo keys).
  [[nodiscard]] virtual Expected<std::unique_ptr<PrivateKey>> generate_private_key(
      KeyType type, std::size_t rsa_bits = 2048) const = 0;
};

// One-shot conveniences over the interfaces above.
[[nodiscard]] Expected<void> hash_once(const Provider& provider, HashAlgorithm algorithm,
                                       ByteView data, MutableByteView out);
[[nodiscard]] Expected<void> hmac_once(const Provider& provider, HashAlgorithm algorithm,
                                       ByteView key, ByteView data, MutableByteView out);

}  // namespace cpptls::crypto
