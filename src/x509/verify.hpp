#pragma once
// Certificate path verification: handshake step 3 ("the client authenticates the server").
//
// verify_certificate() builds candidate paths from the peer's leaf through the intermediates
// the peer sent (any order, extras and duplicates allowed) to an anchor of the trust store
// (path_builder), and checks each candidate by RFC 5280 6.1 plus the CA/Browser Forum rules a
// browser applies (path_validator), trying the next candidate when one fails (cross-signed
// roots, an expired intermediate with a valid sibling). A budget on depth and signature
// checks bounds the work a hostile chain can cause. The first success returns a
// CertificateVerified token; otherwise the most relevant failure is returned, naming the
// certificate (its subject), the rule and what to do.
//
// Beyond RFC 5280, a TLS server leaf must carry extKeyUsage serverAuth (without
// anyExtendedKeyUsage), a subjectAltName in the preferred name syntax, and no cA; trust
// anchors are checked for validity, basicConstraints and keyUsage (and, with
// strict_anchor_profile, the profile rules of a CA certificate and the CA/B BR 7.1.2.1 root
// extensions), and their pathLenConstraint, nameConstraints and extKeyUsage bind the path.
// certificate_profile.hpp lists every rule; tests/limbo/known-differences.txt lists where
// this departs from x509-limbo's expectations, and why.
//
// Errors are ErrorKind::certificate with these codes and alerts (RFC 8446 6.2):
//   certificate_untrusted     unknown_ca               no path to a trust anchor
//   certificate_expired       certificate_expired      outside its validity at `time`
//   certificate_name_mismatch bad_certificate          the leaf is not for `host`
//   certificate_unsupported   unsupported_certificate  key or signature algorithm refused
//   certificate_invalid       bad_certificate          any other rule broken

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "x509/certificate.hpp"
#include "x509/public_suffix.hpp"
#include "x509/trust_store.hpp"

namespace cpptls::x509 {

enum class Purpose : std::uint8_t { server_auth, client_auth };

struct VerifyOptions {
  std::int64_t time = 0;  // validation time, Unix seconds (the provider's clock in TLS)
  Purpose purpose = Purpose::server_auth;
  // The reference identity, RFC 9525: a DNS name, or an IPv4/IPv6 literal; empty = no check.
  std::string host;
  // Certificates in a path, leaf and anchor included.
  std::size_t max_path_length = 12;
  // Signature verifications over all candidate paths; past it the search stops.
  std::size_t max_signature_checks = 64;
  // Candidate paths tried before giving up.
  std::size_t max_candidate_paths = 64;
  // CA certificates that are not self-issued between the leaf and the trust anchor: the
  // initial max_path_length of RFC 5280 6.1.2 (k), which the path's pathLenConstraints can
  // only lower. Unlimited by default (max_path_length bounds the search anyway).
  std::size_t max_intermediate_cas = static_cast<std::size_t>(-1);
  // Name-to-subtree comparisons while checking name constraints along one path.
  std::size_t max_name_constraint_checks = std::size_t{1} << 18;
  // When set, a wildcard dNSName over a public suffix ("*.co.uk") matches no host. Not
  // owned; must outlive the call.
  const PublicSuffixList* public_suffixes = nullptr;
  // Whether trust anchors must also meet the web PKI's profile rules for the certificates
  // themselves: CA/B BR 7.1.2.1 for roots (no extKeyUsage; an authorityKeyIdentifier, if
  // any, equal to the subjectKeyIdentifier and without issuer and serial), basicConstraints
  // critical, a subjectKeyIdentifier in CA certificates, the RFC 5280 4.2 criticality and
  // basicConstraints/keyUsage consistency rules, a conforming serial number for a pinned
  // leaf. Off by default: an anchor is trusted as the administrator configured it, as
  // browsers and OpenSSL trust their stores (RFC 5280 6.1.1 (d): an anchor is its name, key
  // and constraints), and several roots of the Debian store break these rules. Either way
  // the anchor's key, names and validity, its basicConstraints cA, keyUsage keyCertSign,
  // extKeyUsage, pathLenConstraint and nameConstraints still count. The x509-limbo harness
  // turns it on (some of its cases test these rules).
  bool strict_anchor_profile = false;
};

// Proof that a path was verified (design rule 5): only verify_certificate() makes one,
// and the handshake states after the peer's certificate can only be built from it.
class CertificateVerified {
 public:
  // Leaf first, trust anchor last.
  [[nodiscard]] const std::vector<ParsedCertificate>& path() const noexcept { return path_; }
  [[nodiscard]] const ParsedCertificate& leaf() const noexcept { return path_.front(); }
  [[nodiscard]] const ParsedCertificate& anchor() const noexcept { return path_.back(); }

 private:
  friend Expected<CertificateVerified> verify_certificate(const crypto::Provider&,
                                                          const TrustStore&,
                                                          const ParsedCertificate&,
                                                          std::span<const ParsedCertificate>,
                                                          const VerifyOptions&);
  explicit CertificateVerified(std::vector<ParsedCertificate> path) : path_(std::move(path)) {}
  std::vector<ParsedCertificate> path_;
};

[[nodiscard]] Expected<CertificateVerified> verify_certificate(
    const crypto::Provider& provider, const TrustStore& trust, const ParsedCertificate& leaf,
    std::span<const ParsedCertificate> intermediates, const VerifyOptions& options);

// Whether `anchor` can begin a path under `options` (its purpose, time and
// strict_anchor_profile): the profile rules for a trust anchor, validity at options.time, and
// a CA whose keyUsage, if present, allows keyCertSign (RFC 5280 6.1.4 (k), (n)). A
// certificate that fails here can only ever verify as a pinned leaf. Lets a tool say which
// configured anchors are unusable before any peer is verified.
[[nodiscard]] Expected<void> check_trust_anchor(const Certificate& anchor,
                                                const VerifyOptions& options);

}  // namespace cpptls::x509
