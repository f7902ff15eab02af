#include "x509/certificate_profile.hpp"

#include <algorithm>
#include <string>

#include "x509/der/reader.hpp"
#include "x509/der/string.hpp"
#include "x509/der/tag.hpp"
#include "x509/idna.hpp"
#include "x509/ip_address.hpp"
#include "x509/name_constraints.hpp"
#include "x509/oids.hpp"
#include "x509/verify_error.hpp"

namespace cpptls::x509 {
namespace {

constexpr std::size_t kMinRsaBits = 2048;

std::string cert(const Certificate& certificate) {
  return "certificate " + certificate.describe();
}

bool is_ca_role(CertificateRole role) noexcept {
  return role == CertificateRole::intermediate || role == CertificateRole::anchor;
}

bool is_anchor_role(CertificateRole role) noexcept {
  return role == CertificateRole::anchor || role == CertificateRole::leaf_anchor;
}

// RFC 5280 4.2: a certificate-using system MUST reject a certificate with a critical
// extension it does not recognise.
Expected<void> check_unknown_critical(const Certificate& certificate) {
  const auto& unknown = certificate.extensions().unknown_critical;
  if (unknown.empty()) return {};
  return detail::invalid(cert(certificate) + " has the critical extension " +
                         extension_name(unknown.front()) +
                         ", which cpptls does not process, so it cannot be used (RFC 5280 4.2)");
}

// The extensions RFC 5280 requires to be marked one way or the other.
Expected<void> check_criticality(const Certificate& certificate) {
  const Extensions& e = certificate.extensions();
  auto must_not_be_critical = [&](const ExtensionPresence& extension, const char* label,
                                  const char* section) -> Expected<void> {
    if (!extension.present || !extension.critical) return {};
    return detail::invalid(cert(certificate) + " marks " + label + " critical, which RFC 5280 " +
                           section + " forbids");
  };
  auto must_be_critical = [&](const ExtensionPresence& extension, const char* label,
                              const char* section) -> Expected<void> {
    if (!extension.present || extension.critical) return {};
    return detail::invalid(cert(certificate) + " has a non-critical " + label +
                           ", which RFC 5280 " + section + " requires to be critical");
  };
  if (auto ok =
          must_not_be_critical(e.authority_key_identifier, "authorityKeyIdentifier", "4.2.1.1");
      !ok) {
    return ok;
  }
  if (auto ok = must_not_be_critical(e.subject_key_identifier, "subjectKeyIdentifier", "4.2.1.2");
      !ok) {
    return ok;
  }
  if (auto ok = must_not_be_critical(e.authority_info_access, "authorityInfoAccess", "4.2.2.1");
      !ok) {
    return ok;
  }
  if (auto ok = must_be_critical(e.policy_constraints, "policyConstraints", "4.2.1.11"); !ok) {
    return ok;
  }
  return must_be_critical(e.inhibit_any_policy, "inhibitAnyPolicy", "4.2.1.14");
}

// basicConstraints and keyUsage must agree (RFC 5280 4.2.1.3 and 4.2.1.9).
Expected<void> check_ca_consistency(const Certificate& certificate) {
  const Extensions& e = certificate.extensions();
  const bool ca = e.basic_constraints.present && e.basic_constraints.ca;
  const bool cert_sign = e.key_usage.present && e.key_usage.has(KeyUsageBit::key_cert_sign);
  if (cert_sign && !ca) {
    return detail::invalid(cert(certificate) +
                           " asserts keyUsage keyCertSign but basicConstraints cA is not TRUE "
                           "(RFC 5280 4.2.1.3 and 4.2.1.9)");
  }
  if (ca && e.key_usage.present && !cert_sign) {
    return detail::invalid(cert(certificate) +
                           " is a CA (basicConstraints cA TRUE) whose keyUsage lacks keyCertSign: "
                           "the two extensions contradict each other (RFC 5280 4.2.1.3, "
                           "4.2.1.9)");
  }
  if (e.basic_constraints.path_length && !ca) {
    return detail::invalid(cert(certificate) +
                           " has a pathLenConstraint but is not a CA (RFC 5280 4.2.1.9)");
  }
  if (e.name_constraints.present && !ca) {
    return detail::invalid(cert(certificate) +
                           " has nameConstraints, which RFC 5280 4.2.1.10 allows only in CA "
                           "certificates");
  }
  return {};
}

// RFC 5280 4.2.1.1: every certificate that is not self-signed carries the key identifier of
// its issuer. Trust anchors are exempt: they are trusted as configured, and a trust store may
// hold a cross-signed CA certificate without one (x509-limbo cve-2024-0567 expects it to
// work).
Expected<void> check_key_identifiers(const Certificate& certificate, CertificateRole role) {
  const Extensions& e = certificate.extensions();
  const bool anchor = is_anchor_role(role);
  if (!anchor && !e.authority_key_identifier.key_identifier) {
    return detail::invalid(cert(certificate) +
                           " has no authorityKeyIdentifier keyIdentifier, which RFC 5280 4.2.1.1 "
                           "requires in every certificate that is not self-signed");
  }
  const bool ca = e.basic_constraints.present && e.basic_constraints.ca;
  if (is_ca_role(role) && ca && !e.subject_key_identifier.present) {
    return detail::invalid(cert(certificate) +
                           " is a CA without a subjectKeyIdentifier, which RFC 5280 4.2.1.2 "
                           "requires in every CA certificate");
  }
  return {};
}

// CA/B BR 7.1.2.1: the extensions of a root CA certificate (a self-issued trust anchor).
Expected<void> check_root_extensions(const Certificate& root) {
  const Extensions& e = root.extensions();
  if (e.extended_key_usage.present) {
    return detail::invalid(cert(root) +
                           " is a root CA with an extKeyUsage extension, which CA/B BR 7.1.2.1.2 "
                           "forbids in root certificates");
  }
  const AuthorityKeyIdentifier& aki = e.authority_key_identifier;
  if (!aki.present) return {};
  if (aki.issuer || aki.serial) {
    return detail::invalid(cert(root) +
                           " is a root CA whose authorityKeyIdentifier has authorityCertIssuer or "
                           "authorityCertSerialNumber, which CA/B BR 7.1.2.1.3 forbids");
  }
  if (!aki.key_identifier) {
    return detail::invalid(cert(root) +
                           " is a root CA whose authorityKeyIdentifier lacks the keyIdentifier "
                           "(CA/B BR 7.1.2.1.3)");
  }
  const ByteView ski = e.subject_key_identifier.key_identifier;
  if (!std::ranges::equal(*aki.key_identifier, ski)) {
    return detail::invalid(cert(root) +
                           " is a root CA whose authorityKeyIdentifier differs from its "
                           "subjectKeyIdentifier (CA/B BR 7.1.2.1.3)");
  }
  return {};
}

// `profile_rules` is false for a trust anchor outside strict_anchor_profile: then only what
// constrains the path (its subject, its extKeyUsage) is checked here.
Expected<void> check_ca(const Certificate& certificate, CertificateRole role, Purpose purpose,
                        bool profile_rules) {
  const Extensions& e = certificate.extensions();
  if (certificate.subject().empty()) {
    return detail::invalid(cert(certificate) +
                           " is a CA with an empty subject (RFC 5280 4.1.2.6 requires a "
                           "distinguished name)");
  }
  // A certificate used as a CA that is not one is refused by the path validator (RFC 5280
  // 6.1.4 (k)), which can name the certificate it was meant to issue.
  if (!e.basic_constraints.present || !e.basic_constraints.ca) return {};
  if (profile_rules && !e.basic_constraints.critical) {
    return detail::invalid(cert(certificate) +
                           " is a CA whose basicConstraints is not critical (RFC 5280 4.2.1.9)");
  }
  if (profile_rules && role == CertificateRole::anchor && certificate.is_self_issued()) {
    return check_root_extensions(certificate);
  }
  // CA/B BR 7.1.2.2 and browsers: an extKeyUsage in a CA limits what it may issue for.
  const ExtendedKeyUsage& eku = e.extended_key_usage;
  if (eku.present && !eku.any) {
    const bool allowed = purpose == Purpose::server_auth ? eku.server_auth : eku.client_auth;
    if (!allowed) {
      return detail::invalid(cert(certificate) + " is a CA whose extKeyUsage does not include " +
                             (purpose == Purpose::server_auth ? "serverAuth" : "clientAuth") +
                             ", so it cannot issue certificates for TLS " +
                             (purpose == Purpose::server_auth ? "servers" : "clients"));
    }
  }
  return {};
}

// The text of a string attribute value (ASCII-compatible strings as they are).
std::string attribute_string(const Attribute& attribute) {
  switch (attribute.value_tag) {
    case der::tag::kUtf8String:
    case der::tag::kPrintableString:
    case der::tag::kIa5String:
    case der::tag::kVisibleString:
      return std::string(as_chars(attribute.value));
    default:
      return der::display_string(attribute.value_tag, attribute.value);
  }
}

// What inet_aton would read as an IPv4 address: 1 to 4 parts of decimal, octal (leading 0)
// or hexadecimal (0x) digits, with a dot or a 0x prefix so that a plain number is not one.
bool looks_like_ipv4(std::string_view text) noexcept {
  if (text.empty()) return false;
  std::size_t parts = 0;
  bool hex_prefix = false;
  while (true) {
    const std::size_t dot = text.find('.');
    std::string_view part = text.substr(0, dot);
    if (part.starts_with("0x") || part.starts_with("0X")) {
      part.remove_prefix(2);
      hex_prefix = true;
      if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
          })) {
        return false;
      }
    } else if (part.empty() || !std::all_of(part.begin(), part.end(),
                                            [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return parts <= 4 && (parts > 1 || hex_prefix);
}

bool looks_like_ipv6(std::string_view text) noexcept {
  return text.find(':') != std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                  c == ':' || c == '.';
         });
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// CA/B BR 7.1.4.3: a subscriber's common name, if present, repeats a subjectAltName value,
// an IP address in its canonical text form and a domain name character for character, in
// A-labels. cpptls enforces the encoding rules; it does not refuse a common name that names
// nothing in the subjectAltName, because host matching never reads the common name (RFC 9525
// 6.1) and the BetterTLS suites expect such certificates to verify.
Expected<void> check_common_names(const Certificate& leaf) {
  for (const Attribute& attribute : leaf.subject()) {
    if (attribute.type != der::Oid(oid::kCommonName)) continue;
    const std::string text = attribute_string(attribute);
    const std::string shown = der::printable_excerpt(as_bytes(text), 128);
    const bool ipv4 = looks_like_ipv4(text);
    if (ipv4 || looks_like_ipv6(text)) {
      const auto ip = parse_ip(text);
      if (ip && format_ip(ip->bytes()) == text) continue;
      if (!ip && !ipv4) continue;  // hex digits and colons, but not an IPv6 address
      return detail::invalid(cert(leaf) + " has the common name " + shown +
                             ", an IP address not written in its canonical form (CA/B BR "
                             "7.1.4.3: RFC 3986 3.2.2 dotted decimal or RFC 5952 text)");
    }
    const bool ascii = std::all_of(text.begin(), text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii) {
      const auto a_labels = to_ascii_host(text);
      if (a_labels && is_valid_dns_name(*a_labels, true) &&
          a_labels->find('.') != std::string::npos) {
        return detail::invalid(cert(leaf) + " has the common name " + shown +
                               ", a host name in Unicode; CA/B BR 7.1.4.3 requires the exact "
                               "subjectAltName text, in A-labels (" +
                               *a_labels + ")");
      }
      continue;
    }
    if (!is_valid_dns_name(text, true)) continue;
    bool exact = false;
    std::string_view variant;
    for (const GeneralName& name : leaf.extensions().subject_alt_name.names) {
      if (name.kind != GeneralNameKind::dns_name) continue;
      if (name.text() == text) exact = true;
      if (equal_ignoring_case(name.text(), text)) variant = name.text();
    }
    if (!exact && !variant.empty()) {
      return detail::invalid(cert(leaf) + " has the common name " + shown +
                             ", which is not a character-for-character copy of its "
                             "subjectAltName " +
                             std::string(variant) + " (CA/B BR 7.1.4.3)");
    }
  }
  return {};
}

// CA/B BR 7.1.2.7.12 and RFC 5280 4.2.1.6: what a TLS server certificate's names look like.
Expected<void> check_server_names(const Certificate& leaf) {
  const AltNames& san = leaf.extensions().subject_alt_name;
  if (!san.present) {
    return detail::invalid(cert(leaf) +
                           " has no subjectAltName; a TLS server certificate names its hosts "
                           "there (CA/B BR 7.1.2.7.12, RFC 9525 6.1: the common name is not used)");
  }
  if (san.critical && !leaf.subject().empty()) {
    return detail::invalid(cert(leaf) +
                           " marks subjectAltName critical although its subject is not empty "
                           "(CA/B BR 7.1.2.7.12)");
  }
  for (const GeneralName& name : san.names) {
    if (name.kind == GeneralNameKind::dns_name && !is_valid_dns_name(name.text(), true)) {
      return detail::invalid(cert(leaf) + " has the dNSName " +
                             der::printable_excerpt(name.value, 128) +
                             ", which is not a host name in the preferred name syntax (RFC 5280 "
                             "4.2.1.6: letters, digits and hyphens; A-labels for IDNs)");
    }
  }
  return check_common_names(leaf);
}

// A leaf that is itself in the trust store was trusted by name by whoever configured the store
// (a pinned or self-signed certificate, as `openssl req -x509` makes them, which marks them
// cA TRUE and usually omits extKeyUsage). The web PKI's issuance rules (cA FALSE, EKU
// required) are about what a CA issues and do not apply; what the certificate itself says
// about its key's use still does.
Expected<void> check_pinned_leaf(const Certificate& leaf, Purpose purpose) {
  const Extensions& e = leaf.extensions();
  const ExtendedKeyUsage& eku = e.extended_key_usage;
  const bool wanted = purpose == Purpose::server_auth ? eku.server_auth : eku.client_auth;
  if (eku.present && !wanted && !eku.any) {
    return detail::invalid(cert(leaf) + " has an extKeyUsage without " +
                           (purpose == Purpose::server_auth ? "serverAuth" : "clientAuth") +
                           ", so it may not be used for this purpose (RFC 5280 4.2.1.12)");
  }
  return {};
}

Expected<void> check_leaf(const Certificate& leaf, Purpose purpose) {
  const Extensions& e = leaf.extensions();
  if (leaf.subject().empty() && !(e.subject_alt_name.present && e.subject_alt_name.critical)) {
    return detail::invalid(cert(leaf) +
                           " has an empty subject without a critical subjectAltName (RFC 5280 "
                           "4.2.1.6)");
  }
  if (e.basic_constraints.present && e.basic_constraints.ca) {
    return detail::invalid(cert(leaf) +
                           " is a CA certificate (basicConstraints cA TRUE) presented as an end "
                           "entity; CA/B BR 7.1.2.7.8 requires cA FALSE for TLS certificates");
  }
  if (e.key_usage.present && !e.key_usage.has(KeyUsageBit::digital_signature) &&
      !e.key_usage.has(KeyUsageBit::key_encipherment)) {
    return detail::invalid(cert(leaf) +
                           " has a keyUsage with neither digitalSignature nor keyEncipherment, "
                           "so its key cannot be used for TLS (RFC 5280 4.2.1.3)");
  }
  const ExtendedKeyUsage& eku = e.extended_key_usage;
  if (purpose == Purpose::server_auth) {
    // CA/B BR 7.1.2.7.10 (and Apple's platform rule): serverAuth present, anyExtendedKeyUsage
    // absent, the extension not critical (BR 7.1.2.7.6).
    if (!eku.present || !eku.server_auth) {
      return detail::invalid(
          cert(leaf) +
          (eku.present ? " has an extKeyUsage without serverAuth" : " has no extKeyUsage") +
          ", so it is not a TLS server certificate (CA/B BR 7.1.2.7.10; RFC "
          "5280 4.2.1.12)");
    }
    if (eku.any) {
      return detail::invalid(cert(leaf) +
                             " lists anyExtendedKeyUsage, which CA/B BR 7.1.2.7.10 forbids in TLS "
                             "server certificates");
    }
    if (eku.critical) {
      return detail::invalid(cert(leaf) +
                             " marks extKeyUsage critical, which CA/B BR 7.1.2.7.6 forbids");
    }
    return check_server_names(leaf);
  }
  if (eku.present && !eku.client_auth && !eku.any) {
    return detail::invalid(cert(leaf) +
                           " has an extKeyUsage without clientAuth, so it is not a TLS client "
                           "certificate (RFC 5280 4.2.1.12)");
  }
  return {};
}

}  // namespace

std::size_t rsa_modulus_bits(ByteView rsa_public_key) noexcept {
  // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  der::Reader outer(rsa_public_key);
  auto fields = outer.enter(der::tag::kSequence, "RSAPublicKey");
  if (!fields) return 0;
  auto modulus = fields->read_integer("modulus");
  if (!modulus || modulus->empty() || (*modulus)[0] >= 0x80) return 0;
  ByteView value = *modulus;
  while (!value.empty() && value[0] == 0)
    value = value.subspan(1);
  if (value.empty()) return 0;
  std::size_t bits = value.size() * 8;
  for (std::uint8_t top = value[0]; (top & 0x80) == 0; top = static_cast<std::uint8_t>(top << 1)) {
    --bits;
  }
  return bits;
}

Expected<void> check_public_key(const Certificate& certificate) {
  const PublicKeyInfo& key = certificate.public_key();
  switch (key.algorithm) {
    case KeyAlgorithm::ec_p256:
    case KeyAlgorithm::ec_p384:
    case KeyAlgorithm::ed25519:
      return {};
    case KeyAlgorithm::rsa:
    case KeyAlgorithm::rsa_pss: {
      const std::size_t bits = rsa_modulus_bits(key.key);
      if (bits == 0) {
        return detail::unsupported(cert(certificate) + " has a malformed RSA public key");
      }
      if (bits < kMinRsaBits || bits % 8 != 0) {
        return detail::unsupported(
            cert(certificate) + " has an RSA key of " + std::to_string(bits) +
            " bits; cpptls accepts RSA keys of 2048 bits or more whose size is a multiple of 8 "
            "(CA/B BR 6.1.5)");
      }
      return {};
    }
    default:
      return detail::unsupported(cert(certificate) + " has a public key cpptls does not accept (" +
                                 key.describe() +
                                 "; supported: RSA of 2048 bits or more, ECDSA P-256 and P-384 "
                                 "with a named curve, Ed25519)");
  }
}

Expected<void> check_profile(const Certificate& certificate, CertificateRole role,
                             const VerifyOptions& options) {
  const Purpose purpose = options.purpose;
  // A trust anchor is trusted as configured (verify.hpp, strict_anchor_profile): the rules
  // about how a certificate is written apply to it only in the strict profile.
  const bool profile_rules = !is_anchor_role(role) || options.strict_anchor_profile;
  if (certificate.version() != 3) {
    return detail::invalid(cert(certificate) + " is a version " +
                           std::to_string(certificate.version()) +
                           " certificate; only version 3 is accepted (CA/B BR 7.1.1, RFC 5280 "
                           "6.1.4 (k))");
  }
  if (auto ok = check_unknown_critical(certificate); !ok) return ok;
  if (certificate.issuer().empty()) {
    return detail::invalid(cert(certificate) +
                           " has an empty issuer name (RFC 5280 4.1.2.4 requires one)");
  }
  if (profile_rules && role != CertificateRole::anchor && !certificate.serial_is_conforming()) {
    return detail::invalid(cert(certificate) +
                           " has a serial number that is zero, negative or longer than 20 "
                           "octets (RFC 5280 4.1.2.2)");
  }
  if (profile_rules) {
    if (auto ok = check_criticality(certificate); !ok) return ok;
    if (auto ok = check_ca_consistency(certificate); !ok) return ok;
    if (auto ok = check_key_identifiers(certificate, role); !ok) return ok;
  }
  if (auto ok = check_public_key(certificate); !ok) return ok;
  if (is_ca_role(role)) {
    if (auto ok = check_ca(certificate, role, purpose, profile_rules); !ok) return ok;
    return check_constraint_syntax(certificate);
  }
  if (role == CertificateRole::leaf_anchor) return check_pinned_leaf(certificate, purpose);
  return check_leaf(certificate, purpose);
}

}  // namespace cpptls::x509
