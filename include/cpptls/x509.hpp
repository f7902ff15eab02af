#pragma once
// X.509 certificates for users of cpptls: reading one (PEM or DER) and what it says,
// verifying a chain as a TLS client or server does (the verifier of the handshake itself,
// RFC 5280 6.1 with the CA/Browser Forum rules, names by RFC 9525), and issuing certificates
// for tests and private PKIs (self-signed roots, intermediates with name constraints, leaves
// for names and addresses, client certificates).
//
//   auto anchors = cpptls::TrustAnchors::from_pem_file("ca.pem");
//   auto chain = cpptls::Certificate::all_from_pem(pem_text);   // leaf, then intermediates
//   cpptls::ChainVerifyOptions options;
//   options.host = "www.example.com";
//   auto path = cpptls::verify_chain(cpptls::openssl_provider(), *anchors, chain->front(),
//                                    std::span(*chain).subspan(1), options);
//   if (!path) std::cerr << path.error().reason() << "\n";  // what is wrong and what to do
//
// Thread-safety: Certificate, PrivateKey and CertificateAuthority are immutable once made;
// copies share their data and may be used from any number of threads at once. The free
// functions keep no state.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpptls/config.hpp"
#include "cpptls/provider.hpp"
#include "cpptls/result.hpp"

namespace cpptls {

namespace detail {
struct CertificateData;
struct PrivateKeyData;
}  // namespace detail

// The algorithm of a certificate's public key or of a private key.
enum class KeyType : std::uint8_t {
  rsa,
  rsa_pss,
  ec_p256,
  ec_p384,
  ed25519,
  other,  // recognised or not, never accepted by the verifier (DSA, P-521, Ed448, ...)
};

// One parsed certificate (RFC 5280 4.1). Parsing is strict DER; it checks the structure,
// not whether the certificate is acceptable (that is verify_chain's job).
class Certificate {
 public:
  // Exactly one DER certificate.
  [[nodiscard]] static Result<Certificate> from_der(std::span<const std::uint8_t> der);
  // The first CERTIFICATE block of PEM text (RFC 7468); an error if there is none.
  [[nodiscard]] static Result<Certificate> from_pem(std::string_view pem);
  // Every CERTIFICATE block, in order (a chain, a bundle); other blocks are skipped. Empty
  // when there is none; an error names the block that is malformed.
  [[nodiscard]] static Result<std::vector<Certificate>> all_from_pem(std::string_view pem);

  // RFC 4514 form, most specific first: "CN=localhost,O=cpptls".
  [[nodiscard]] std::string subject() const;
  [[nodiscard]] std::string issuer() const;
  // The serial number's octets (two's complement, as encoded) in lower-case hex.
  [[nodiscard]] std::string serial_hex() const;
  // The validity period in Unix seconds, both ends inclusive (RFC 5280 4.1.2.5).
  [[nodiscard]] std::int64_t not_before() const noexcept;
  [[nodiscard]] std::int64_t not_after() const noexcept;
  // subjectAltName dNSName entries, and iPAddress entries as text ("127.0.0.1", "::1").
  [[nodiscard]] std::vector<std::string> dns_names() const;
  [[nodiscard]] std::vector<std::string> ip_addresses() const;
  [[nodiscard]] KeyType key_type() const noexcept;
  // The RSA modulus size or the curve's size (256, 384; 255 for Ed25519); 0 if unknown.
  [[nodiscard]] std::size_t key_bits() const noexcept;
  // "RSA-2048", "ECDSA P-256", "Ed25519", "DSA", ...
  [[nodiscard]] std::string key_description() const;
  // The DER SubjectPublicKeyInfo.
  [[nodiscard]] std::vector<std::uint8_t> public_key_info() const;
  // basicConstraints cA (RFC 5280 4.2.1.9).
  [[nodiscard]] bool is_ca() const noexcept;
  // A nameConstraints extension marked critical, as RFC 5280 4.2.1.10 requires of a CA that
  // may certify only some names.
  [[nodiscard]] bool has_name_constraints() const noexcept;
  // The subjectKeyIdentifier (RFC 5280 4.2.1.2) and the authorityKeyIdentifier's
  // keyIdentifier (4.2.1.1); empty when absent.
  [[nodiscard]] std::vector<std::uint8_t> subject_key_identifier() const;
  [[nodiscard]] std::vector<std::uint8_t> authority_key_identifier() const;
  // Whether the certificate names `host` (a DNS name or an IP address literal) in its
  // subjectAltName, as RFC 9525 says (wildcards in the leftmost label only).
  [[nodiscard]] bool matches_name(std::string_view host) const;
  // For messages: the subject, or, when empty, the first subjectAltName or the serial.
  [[nodiscard]] std::string describe() const;

  // SHA-256 of the DER, as `openssl x509 -fingerprint -sha256` shows it.
  [[nodiscard]] Result<std::array<std::uint8_t, 32>> sha256_fingerprint(
      const crypto::Provider& provider) const;
  [[nodiscard]] const std::vector<std::uint8_t>& der() const noexcept;
  [[nodiscard]] std::string to_pem() const;

  // The same encoding (certificates are identified by their DER).
  friend bool operator==(const Certificate& a, const Certificate& b) noexcept;

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<const detail::CertificateData>& data() const noexcept {
    return data_;
  }
  explicit Certificate(std::shared_ptr<const detail::CertificateData> data) noexcept;

 private:
  std::shared_ptr<const detail::CertificateData> data_;
};

// The labels of every PEM block in `text`, in order ("CERTIFICATE", "PRIVATE KEY"), for
// telling a user what a file holds instead of a certificate; empty if it holds none or is
// not PEM.
[[nodiscard]] std::vector<std::string> pem_labels(std::string_view text);

// Every certificate in the regular files of a directory (c_rehash links and plain *.pem
// files alike, in file name order); files without valid PEM certificates are skipped, as
// OpenSSL's -CApath does. An error only if the directory cannot be read.
[[nodiscard]] Result<std::vector<Certificate>> certificates_from_directory(const std::string& path);

// Anchors made of these certificates (duplicates kept once); no anchors for an empty list.
[[nodiscard]] Result<TrustAnchors> trust_anchors_from(std::span<const Certificate> certificates);

// ---- verification ----

enum class CertificatePurpose : std::uint8_t {
  server_auth,  // extKeyUsage id-kp-serverAuth: a TLS server's certificate
  client_auth,  // id-kp-clientAuth: a TLS client's certificate
};

struct ChainVerifyOptions {
  // The reference identity (RFC 9525): a DNS name, or an IPv4/IPv6 literal; empty: no name
  // is checked (any certificate issued under the anchors passes, for any host).
  std::string host;
  CertificatePurpose purpose = CertificatePurpose::server_auth;
  // The verification time, Unix seconds; unset: the provider's clock.
  std::optional<std::int64_t> time;
};

// Why a certificate was refused: the kind of a TlsError whose kind() is certificate (its
// code() names it too: TlsErrorCode::certificate_untrusted, ...).
enum class CertificateFailure : std::uint8_t {
  untrusted,      // no path to an anchor (alert unknown_ca)
  expired,        // outside its validity at the time (alert certificate_expired)
  name_mismatch,  // not for the host (alert bad_certificate)
  unsupported,    // a key or signature algorithm refused (alert unsupported_certificate)
  invalid,        // another rule of RFC 5280 or the CA/B Forum broken (alert bad_certificate)
};

// The failure `error` stands for; nothing unless it is a certificate error. Works on the
// errors of verify_chain and on a connection's, alike.
[[nodiscard]] std::optional<CertificateFailure> certificate_failure(const TlsError& error) noexcept;

// Verifies `leaf` up to one of `anchors` through `intermediates` (any order; extras and
// duplicates allowed), as the handshake verifies a peer. Returns the path, leaf first and the
// anchor last; or an error of kind certificate whose reason names the certificate, the rule
// and what to do ("... was issued by CN=int, which is not among the certificates sent: the
// server must send its intermediate certificates").
[[nodiscard]] Result<std::vector<Certificate>> verify_chain(
    const crypto::Provider& provider, const TrustAnchors& anchors, const Certificate& leaf,
    std::span<const Certificate> intermediates, const ChainVerifyOptions& options);

// ---- names ----

// An IPv4 dotted quad (no leading zeros) or an IPv6 address (RFC 4291 2.2), in its canonical
// text (RFC 5952: "2001:db8::1"); nothing for anything else.
[[nodiscard]] std::optional<std::string> canonical_ip_address(std::string_view text);
// A host name certificates can carry in a dNSName: letters, digits and hyphens in
// dot-separated labels, no trailing dot; "*." first when `allow_wildcard`.
[[nodiscard]] bool is_valid_dns_name(std::string_view name, bool allow_wildcard) noexcept;

// ---- issuing ----

// A private key, for signing certificates and for a Credential. Holds the provider that made
// or read it, which must outlive it.
class PrivateKey {
 public:
  // A fresh key: RSA of `rsa_bits` (2048 to 8192), ECDSA P-256 or P-384, or Ed25519.
  [[nodiscard]] static Result<PrivateKey> generate(const crypto::Provider& provider, KeyType type,
                                                   std::size_t rsa_bits = 2048);
  // PKCS#8, or traditional RSA or EC PEM (unencrypted).
  [[nodiscard]] static Result<PrivateKey> from_pem(const crypto::Provider& provider,
                                                   std::string_view pem);

  [[nodiscard]] KeyType type() const noexcept;
  [[nodiscard]] std::size_t bits() const noexcept;
  // "RSA-2048", "ECDSA P-256", ...
  [[nodiscard]] std::string description() const;
  // The DER SubjectPublicKeyInfo of its public key.
  [[nodiscard]] const std::vector<std::uint8_t>& public_key_info() const noexcept;
  // Whether `certificate` certifies this key's public key.
  [[nodiscard]] bool matches(const Certificate& certificate) const;
  // PKCS#8 PEM ("PRIVATE KEY"), unencrypted: a secret; write it to a file of mode 0600.
  [[nodiscard]] Result<std::string> to_pem() const;

  // For the library's own use.
  [[nodiscard]] const std::shared_ptr<const detail::PrivateKeyData>& data() const noexcept {
    return data_;
  }

 private:
  explicit PrivateKey(std::shared_ptr<const detail::PrivateKeyData> data) noexcept;
  std::shared_ptr<const detail::PrivateKeyData> data_;
};

// What a certificate says about its subject. The builder writes what RFC 5280 and the
// CA/Browser Forum expect and nothing else (no CRL or OCSP pointers, no policies):
// a subjectKeyIdentifier always and an authorityKeyIdentifier below a CA; keyUsage
// keyCertSign and cRLSign for a CA, digitalSignature for a leaf (and keyEncipherment with an
// RSA key, for TLS 1.2 RSA key transport); basicConstraints and keyUsage critical.
struct CertificateRequest {
  // The subject: organizationName then commonName, each 1 to 64 characters when given.
  // A subject left empty needs dns_names or ip_addresses (its subjectAltName is then critical).
  std::string organization;
  std::string common_name;
  // The validity, Unix seconds, both ends inclusive.
  std::int64_t not_before = 0;
  std::int64_t not_after = 0;
  // Empty: 16 random octets (128 bits, above the CA/B Forum's 64).
  std::vector<std::uint8_t> serial;

  // subjectAltName: host names ("*.example.com" allowed) and IP addresses as text.
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  // extKeyUsage (leaves): id-kp-serverAuth, id-kp-clientAuth; neither: no extKeyUsage.
  bool server_auth = false;
  bool client_auth = false;

  // A CA certificate (basicConstraints cA) that may have `path_length` CAs below it (0: it
  // signs leaves only; unset: no limit).
  bool ca = false;
  std::optional<std::uint8_t> path_length;
  // nameConstraints permittedSubtrees (RFC 5280 4.2.1.10), CA only, critical: certificates
  // below may carry only these names. DNS names permit the names below them; IP ranges are
  // "address/prefix" ("127.0.0.1/32", "fd00::/8").
  std::vector<std::string> permitted_dns_names;
  std::vector<std::string> permitted_ip_ranges;
};

// A CA certificate and its key: issues certificates.
class CertificateAuthority {
 public:
  // A self-signed root for `key`; `request.ca` must be set.
  [[nodiscard]] static Result<CertificateAuthority> create_root(PrivateKey key,
                                                                const CertificateRequest& request);
  // An existing CA; refused unless `certificate` is a CA certificate (basicConstraints cA)
  // for `key`.
  [[nodiscard]] static Result<CertificateAuthority> from(Certificate certificate, PrivateKey key);

  // A certificate for `subject_key`'s public key, signed by this CA: a leaf, or an
  // intermediate when `request.ca` (from() it to issue below it). Every field is checked
  // first; the reason names the field. Refused when it would outlive this CA.
  [[nodiscard]] Result<Certificate> issue(const CertificateRequest& request,
                                          const PrivateKey& subject_key) const;

  [[nodiscard]] const Certificate& certificate() const noexcept { return certificate_; }
  [[nodiscard]] const PrivateKey& key() const noexcept { return key_; }

 private:
  CertificateAuthority(Certificate certificate, PrivateKey key) noexcept
      : certificate_(std::move(certificate)), key_(std::move(key)) {}
  Certificate certificate_;
  PrivateKey key_;
};

}  // namespace cpptls
