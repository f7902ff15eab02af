#pragma once
// The rules one certificate must meet by itself, in the role it plays in a path, before the
// path validator looks at how it chains (RFC 5280 6.1): the RFC 5280 section 4 profile rules
// a verifier can check (versions, serial numbers, extension criticality, basicConstraints
// and keyUsage consistency, key identifiers) and the CA/Browser Forum Baseline Requirements
// that browsers and x509-limbo's webpki cases enforce (keys, leaf extended key usage, the
// subjectAltName of server certificates, common names, root CA extensions). Each refusal
// names the certificate, the rule and the section that states it.

#include "base/error.hpp"
#include "x509/certificate.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509 {

enum class CertificateRole : std::uint8_t {
  leaf,          // the end entity, issued by the next certificate
  intermediate,  // a CA between the leaf and the trust anchor
  anchor,        // the trust anchor ending the path
  leaf_anchor,   // a leaf that is itself in the trust store (a path of one)
};

// Every rule for the role, for options.purpose; the first broken one is reported. A trust
// anchor (anchor, leaf_anchor) meets the profile rules of a certificate only with
// options.strict_anchor_profile; its key, names and constraints are checked either way.
[[nodiscard]] Expected<void> check_profile(const Certificate& certificate, CertificateRole role,
                                           const VerifyOptions& options);

// The subject public key is one cpptls accepts: RSA of 2048 bits or more and a multiple of
// 8 (CA/B BR 6.1.5), ECDSA on P-256 or P-384 with a named curve (BR 7.1.3.1.2), Ed25519.
// Others are ErrorCode::certificate_unsupported.
[[nodiscard]] Expected<void> check_public_key(const Certificate& certificate);

// The bit length of an RSA modulus in a SubjectPublicKeyInfo's key (RFC 8017 A.1.1), or 0.
[[nodiscard]] std::size_t rsa_modulus_bits(ByteView rsa_public_key) noexcept;

}  // namespace cpptls::x509
