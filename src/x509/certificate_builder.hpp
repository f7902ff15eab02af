#pragma once
// Issuing X.509 v3 certificates (RFC 5280 4.1) from a description: the TBSCertificate written
// with der::Writer, signed with the issuer's crypto::PrivateKey. For `cpptls ca`, a test CA;
// it writes what RFC 5280 and the CA/Browser Forum profile expect of a CA and a TLS leaf, and
// nothing else (no CRL or OCSP pointers, no policies).
//
// The result is parsed back with Certificate::parse before it is returned, so whatever this
// builds, our own reader accepts.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/provider.hpp"
#include "x509/der/oid.hpp"
#include "x509/ip_address.hpp"

namespace cpptls::x509 {

// One attribute of a distinguished name. Values are UTF8String (RFC 5280 4.1.2.4: "MUST use
// the UTF8String encoding" for new certificates), except countryName, which X.520 makes a
// two-letter PrintableString.
struct NameAttributeSpec {
  der::Oid type;  // oid::kCommonName, oid::kOrganizationName, ...
  std::string value;
};

// A Name with one attribute per RDN, in the order given (DER order: the most general first,
// "O=cpptls" before "CN=..."). Values must be 1 to 64 bytes (RFC 5280 A.1 upper bounds for
// the common name and the organisation). An empty list is the empty Name.
[[nodiscard]] Expected<Bytes> encode_name(std::span<const NameAttributeSpec> attributes);

// RFC 5280 4.2.1.9.
struct BasicConstraintsSpec {
  bool ca = false;
  std::optional<std::uint8_t> path_length;  // only with ca
};

// An iPAddress subtree (RFC 5280 4.2.1.10): the addresses whose first `prefix_length` bits
// are `address`'s (0..32 for IPv4, 0..128 for IPv6; the bits after them must be zero).
struct IpRangeSpec {
  IpAddress address;
  std::uint8_t prefix_length = 0;
};

// RFC 5280 4.2.1.10 permittedSubtrees: every certificate below the CA may carry only names
// within them (of the types listed). A dNSName base also permits the names below it
// ("example.com" permits "www.example.com"). Written only in a CA certificate, critical as
// 4.2.1.10 requires, and never empty (GeneralSubtrees is SIZE (1..MAX)).
struct NameConstraintsSpec {
  std::vector<std::string> permitted_dns_names;
  std::vector<IpRangeSpec> permitted_ip_ranges;
};

struct CertificateSpec {
  // The serial's big-endian magnitude: positive, at most 20 octets once leading zeros are
  // dropped (RFC 5280 4.1.2.2).
  Bytes serial;
  Bytes issuer;   // DER Name; for a leaf, the issuer certificate's subject byte for byte
  Bytes subject;  // DER Name; may be empty (the empty SEQUENCE) if there are names below
  std::int64_t not_before = 0;  // Unix seconds, both ends inclusive (RFC 5280 4.1.2.5)
  std::int64_t not_after = 0;
  Bytes subject_public_key_info;  // DER, e.g. crypto::PrivateKey::public_key_info()

  // Extensions, each written only when set. basicConstraints and keyUsage are critical
  // (RFC 5280 4.2.1.9, 4.2.1.3; the CA/B Forum requires it for CAs, and it does no harm in a
  // leaf); the others are not, except subjectAltName when the subject is empty (4.2.1.6) and
  // nameConstraints (4.2.1.10).
  std::optional<BasicConstraintsSpec> basic_constraints;
  std::uint16_t key_usage = 0;               // KeyUsageBit values (x509/extensions.hpp)
  std::vector<der::Oid> extended_key_usage;  // KeyPurposeIds (oid::kServerAuth, ...)
  std::vector<std::string> dns_names;        // dNSName: host names, "*.example.com" allowed
  std::vector<IpAddress> ip_addresses;       // iPAddress: 4 or 16 octets
  Bytes subject_key_identifier;              // RFC 5280 4.2.1.2; required for a CA
  Bytes authority_key_identifier;            // RFC 5280 4.2.1.1 keyIdentifier; the issuer's SKI
  std::optional<NameConstraintsSpec> name_constraints;  // CA only; critical
};

// The signature scheme a certificate signed by such a key uses: ecdsa-with-SHA256/384 for
// P-256/P-384 keys, sha256WithRSAEncryption (PKCS #1 v1.5, as the web PKI uses in
// certificates) for RSA, Ed25519 for Ed25519; nothing for RSA-PSS keys.
[[nodiscard]] std::optional<crypto::SignatureScheme> certificate_signature_scheme(
    crypto::KeyType issuer_key) noexcept;

// The DER TBSCertificate, version 3, with `scheme`'s AlgorithmIdentifier as its signature
// field. Every field is checked against the rules above first; the reason names the field.
[[nodiscard]] Expected<Bytes> encode_tbs_certificate(const CertificateSpec& spec,
                                                     crypto::SignatureScheme scheme);

// The DER Certificate: encode_tbs_certificate, signed by `issuer_key` (whose type must suit
// `scheme`), then parsed back as a check.
[[nodiscard]] Expected<Bytes> build_certificate(const CertificateSpec& spec,
                                                const crypto::PrivateKey& issuer_key,
                                                crypto::SignatureScheme scheme);

// A key identifier for a SubjectPublicKeyInfo (RFC 7093 2, method 1): the leftmost 160 bits
// of the SHA-256 hash of the subjectPublicKey BIT STRING's value. RFC 5280 4.2.1.2's SHA-1
// method gives the same length; SHA-1 is not in our provider, and any unique value will do.
[[nodiscard]] Expected<Bytes> key_identifier(const crypto::Provider& provider,
                                             ByteView subject_public_key_info);

}  // namespace cpptls::x509
