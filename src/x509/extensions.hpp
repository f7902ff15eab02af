#pragma once
// The v3 extensions that path validation (RFC 5280 6.1) and the CA/Browser Forum rules use,
// parsed once into views over the certificate's bytes. Parsing checks structure (the ASN.1
// of RFC 5280 4.2.1, SIZE (1..MAX) included) and the rules that make an extension
// meaningless if broken (a name constraint with a maximum, empty policy constraints);
// profile rules such as "MUST be critical" or "only in CA certificates" are left to the
// validator, which sees `present` and `critical` for every extension here.
//
// A certificate may not carry an extension twice (RFC 5280 4.2). Unknown non-critical
// extensions are ignored; unknown critical ones are listed, and make the certificate unusable
// (RFC 5280 4.2: "A certificate-using system MUST reject the certificate if it encounters a
// critical extension it does not recognize").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "x509/der/oid.hpp"
#include "x509/der/reader.hpp"
#include "x509/element_list.hpp"
#include "x509/general_name.hpp"

namespace cpptls::x509 {

// Limits on lists inside extensions (beyond kMaxGeneralNames for names).
constexpr std::size_t kMaxExtensions = 64;
constexpr std::size_t kMaxPolicies = 128;  // policies, mappings, EKU purposes

struct ExtensionPresence {
  bool present = false;
  bool critical = false;
};

namespace detail {
[[nodiscard]] der::Oid decode_oid_element(const der::Tlv& element) noexcept;
}  // namespace detail

using OidList = ElementList<der::Oid, detail::decode_oid_element>;

// RFC 5280 4.2.1.9.
struct BasicConstraints : ExtensionPresence {
  bool ca = false;
  std::optional<std::uint64_t> path_length;  // pathLenConstraint
};

// RFC 5280 4.2.1.3: bit n of the BIT STRING is (1 << n) here.
enum class KeyUsageBit : std::uint16_t {
  digital_signature = 1 << 0,
  non_repudiation = 1 << 1,  // contentCommitment
  key_encipherment = 1 << 2,
  data_encipherment = 1 << 3,
  key_agreement = 1 << 4,
  key_cert_sign = 1 << 5,
  crl_sign = 1 << 6,
  encipher_only = 1 << 7,
  decipher_only = 1 << 8,
};

struct KeyUsage : ExtensionPresence {
  std::uint16_t bits = 0;  // the nine named bits; later bits are ignored
  [[nodiscard]] bool has(KeyUsageBit bit) const noexcept {
    return (bits & static_cast<std::uint16_t>(bit)) != 0;
  }
};

// RFC 5280 4.2.1.12.
struct ExtendedKeyUsage : ExtensionPresence {
  OidList purposes;  // every KeyPurposeId, in order
  bool server_auth = false;
  bool client_auth = false;
  bool code_signing = false;
  bool email_protection = false;
  bool time_stamping = false;
  bool ocsp_signing = false;
  bool any = false;  // anyExtendedKeyUsage
};

// RFC 5280 4.2.1.6 (subjectAltName).
struct AltNames : ExtensionPresence {
  GeneralNameList names;
};

// RFC 5280 4.2.1.10: each list yields the `base` of its GeneralSubtrees; iPAddress bases are
// address then mask (8 or 32 octets, the mask a CIDR prefix).
struct NameConstraints : ExtensionPresence {
  GeneralNameList permitted;
  GeneralNameList excluded;
};

// RFC 5280 4.2.1.1.
struct AuthorityKeyIdentifier : ExtensionPresence {
  std::optional<ByteView> key_identifier;
  std::optional<GeneralNameList> issuer;  // authorityCertIssuer
  std::optional<ByteView> serial;         // authorityCertSerialNumber (INTEGER contents)
};

// RFC 5280 4.2.1.2.
struct SubjectKeyIdentifier : ExtensionPresence {
  ByteView key_identifier;
};

// One PolicyInformation (RFC 5280 4.2.1.4).
struct PolicyInformation {
  der::Oid policy;
  ByteView qualifiers;  // the policyQualifiers SEQUENCE element, or empty; kept opaque
};

namespace detail {
[[nodiscard]] PolicyInformation decode_policy(const der::Tlv& element) noexcept;
}  // namespace detail

struct CertificatePolicies : ExtensionPresence {
  ElementList<PolicyInformation, detail::decode_policy> policies;  // no OID twice
  bool any_policy = false;                                         // anyPolicy is listed
};

// RFC 5280 4.2.1.5.
struct PolicyMapping {
  der::Oid issuer_domain;
  der::Oid subject_domain;
};

namespace detail {
[[nodiscard]] PolicyMapping decode_mapping(const der::Tlv& element) noexcept;
}  // namespace detail

struct PolicyMappings : ExtensionPresence {
  ElementList<PolicyMapping, detail::decode_mapping> mappings;
};

// RFC 5280 4.2.1.11: at least one field present.
struct PolicyConstraints : ExtensionPresence {
  std::optional<std::uint64_t> require_explicit_policy;
  std::optional<std::uint64_t> inhibit_policy_mapping;
};

// RFC 5280 4.2.1.14.
struct InhibitAnyPolicy : ExtensionPresence {
  std::uint64_t skip_certs = 0;
};

// RFC 5280 4.2.2.1: checked for structure only (a malformed AIA is a malformed certificate).
struct AccessDescription {
  der::Oid method;
  GeneralName location;
};

namespace detail {
[[nodiscard]] AccessDescription decode_access(const der::Tlv& element) noexcept;
}  // namespace detail

struct AuthorityInfoAccess : ExtensionPresence {
  ElementList<AccessDescription, detail::decode_access> descriptions;
};

struct Extensions {
  BasicConstraints basic_constraints;
  KeyUsage key_usage;
  ExtendedKeyUsage extended_key_usage;
  AltNames subject_alt_name;
  NameConstraints name_constraints;
  AuthorityKeyIdentifier authority_key_identifier;
  SubjectKeyIdentifier subject_key_identifier;
  CertificatePolicies certificate_policies;
  PolicyMappings policy_mappings;
  PolicyConstraints policy_constraints;
  InhibitAnyPolicy inhibit_any_policy;
  AuthorityInfoAccess authority_info_access;
  // The extnID of each critical extension not above. Empty (no allocation) in practice.
  std::vector<der::Oid> unknown_critical;
  std::size_t count = 0;  // all extensions, known or not
};

// Reads the contents of the Extensions SEQUENCE (inside the [3] of tbsCertificate): at least
// one extension, no extnID twice, each known extension's value fully parsed.
[[nodiscard]] Expected<Extensions> read_extensions(der::Reader contents);

// "subjectAltName", "basicConstraints", ... or the dotted OID.
[[nodiscard]] std::string extension_name(const der::Oid& id);

}  // namespace cpptls::x509
