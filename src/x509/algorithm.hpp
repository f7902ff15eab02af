#pragma once
// AlgorithmIdentifiers: the certificate's signature algorithm and the algorithm of its
// subject public key. Algorithms we can verify map to the crypto types; weak or unknown ones
// are still recognised and named, so that the validator refuses them with a clear reason
// rather than the parser failing on a certificate that may not even be used.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"

namespace cpptls::x509 {

enum class SignatureAlgorithmId : std::uint8_t {
  // Verifiable.
  rsa_pkcs1_sha256,
  rsa_pkcs1_sha384,
  rsa_pkcs1_sha512,
  rsa_pss,  // SHA-256/384/512, MGF1 with the same hash, trailer 1
  ecdsa_sha256,
  ecdsa_sha384,
  ecdsa_sha512,
  ed25519,
  // Recognised and refused by validation.
  rsa_pkcs1_md2,
  rsa_pkcs1_md5,
  rsa_pkcs1_sha1,
  rsa_pkcs1_sha224,
  rsa_pss_other,  // well-formed RSASSA-PSS parameters we do not support (SHA-1, mixed hashes)
  ecdsa_sha1,
  ecdsa_sha224,
  dsa_sha1,
  ed448,
  unknown,
};

struct SignatureAlgorithmInfo {
  SignatureAlgorithmId id = SignatureAlgorithmId::unknown;
  // Set exactly for the verifiable algorithms.
  std::optional<crypto::SignatureAlgorithm> algorithm;
  der::Oid oid;
  ByteView encoding;  // the whole AlgorithmIdentifier

  // MD2, MD5 or SHA-1 (CA/Browser Forum BR 7.1.3.2 and every browser refuse them).
  [[nodiscard]] bool uses_weak_hash() const noexcept;
  // "sha256WithRSAEncryption", "RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)",
  // "md5WithRSAEncryption", "unknown algorithm 1.2.3.4".
  [[nodiscard]] std::string describe() const;
};

// Checks an AlgorithmIdentifier used for a signature: parameters NULL or absent for PKCS #1
// v1.5 (RFC 4055 5), absent for ECDSA (RFC 5758 3.2) and Ed25519 (RFC 8410 3), present and
// well-formed for RSASSA-PSS (RFC 4055 3.1). `depth` is the element's nesting depth.
[[nodiscard]] Expected<SignatureAlgorithmInfo> parse_signature_algorithm(
    const der::Tlv& algorithm_identifier, std::size_t depth);

enum class KeyAlgorithm : std::uint8_t {
  // Supported.
  rsa,
  rsa_pss,
  ec_p256,
  ec_p384,
  ed25519,
  // Recognised and refused by validation.
  ec_p521,
  ec_other_curve,  // a named curve we do not support (e.g. P-192)
  ec_explicit,     // explicit or implicit curve parameters (forbidden by RFC 5480 2.1.1)
  ed448,
  dsa,
  unknown,
};

struct PublicKeyInfo {
  KeyAlgorithm algorithm = KeyAlgorithm::unknown;
  // Set exactly for the supported algorithms.
  std::optional<crypto::KeyType> key_type;
  der::Oid algorithm_oid;
  ByteView parameters;  // the parameters element, or empty when absent
  ByteView spki;        // the whole SubjectPublicKeyInfo, for crypto::Provider::public_key
  ByteView key;         // the subjectPublicKey bits (without the unused-bits octet)

  // "RSA", "ECDSA P-256", "Ed25519", "DSA", "EC with explicit parameters", ...
  [[nodiscard]] std::string describe() const;
};

// Reads a SubjectPublicKeyInfo (RFC 5280 4.1.2.7): rsaEncryption with NULL parameters
// (RFC 3279 2.3.1), RSASSA-PSS with absent or valid parameters (RFC 4055 1.2),
// id-ecPublicKey with a namedCurve (RFC 5480 2.1.1), Ed25519 without parameters (RFC 8410
// 3); other algorithms are kept as such. The key's BIT STRING has no unused bits.
[[nodiscard]] Expected<PublicKeyInfo> read_public_key_info(der::Reader& reader);

}  // namespace cpptls::x509
