#include "x509/certificate_builder.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "crypto/descriptors.hpp"
#include "x509/algorithm.hpp"
#include "x509/certificate.hpp"
#include "x509/der/reader.hpp"
#include "x509/der/writer.hpp"
#include "x509/extensions.hpp"
#include "x509/general_name.hpp"
#include "x509/name.hpp"
#include "x509/name_constraints.hpp"
#include "x509/oids.hpp"

namespace cpptls::x509 {
namespace {

constexpr std::size_t kMaxSerialOctets = 20;         // RFC 5280 4.1.2.2
constexpr std::size_t kMaxAttributeSize = 64;        // RFC 5280 A.1 ub-common-name and kin
constexpr std::size_t kKeyIdentifierSize = 20;       // RFC 7093 2 method 1: 160 bits
constexpr std::uint16_t kNamedKeyUsageBits = 0x1ff;  // the nine bits of RFC 5280 4.2.1.3
constexpr std::array<std::uint8_t, 2> kEmptyName = {0x30, 0x00};  // SEQUENCE {}

[[nodiscard]] Unexpected<Error> bad_spec(std::string reason) {
  return misuse(ErrorCode::invalid_argument, "certificate: " + std::move(reason));
}

// The AlgorithmIdentifier for a scheme (RFC 4055 5: NULL parameters for PKCS #1 v1.5;
// RFC 5758 3.2 and RFC 8410 3: none for ECDSA and Ed25519).
struct AlgorithmIdentifierSpec {
  der::Oid oid;
  bool null_parameters = false;
};

[[nodiscard]] std::optional<AlgorithmIdentifierSpec> algorithm_identifier(
    crypto::SignatureScheme scheme) noexcept {
  using crypto::SignatureScheme;
  switch (scheme) {
    case SignatureScheme::ecdsa_secp256r1_sha256:
      return AlgorithmIdentifierSpec{der::Oid(oid::kEcdsaWithSha256)};
    case SignatureScheme::ecdsa_secp384r1_sha384:
      return AlgorithmIdentifierSpec{der::Oid(oid::kEcdsaWithSha384)};
    case SignatureScheme::rsa_pkcs1_sha256:
      return AlgorithmIdentifierSpec{der::Oid(oid::kSha256WithRsa), true};
    case SignatureScheme::rsa_pkcs1_sha384:
      return AlgorithmIdentifierSpec{der::Oid(oid::kSha384WithRsa), true};
    case SignatureScheme::rsa_pkcs1_sha512:
      return AlgorithmIdentifierSpec{der::Oid(oid::kSha512WithRsa), true};
    case SignatureScheme::ed25519:
      return AlgorithmIdentifierSpec{der::Oid(oid::kEd25519)};
    default:
      return std::nullopt;
  }
}

[[nodiscard]] std::string scheme_name(crypto::SignatureScheme scheme) {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  return info != nullptr ? std::string(info->name)
                         : "signature scheme " + std::to_string(static_cast<unsigned>(scheme));
}

void write_algorithm_identifier(der::Writer& w, const AlgorithmIdentifierSpec& algorithm) {
  auto identifier = w.sequence();
  w.oid(algorithm.oid);
  if (algorithm.null_parameters) w.null();
}

// The INTEGER contents of a serial: minimal two's complement of a positive magnitude.
[[nodiscard]] std::size_t serial_octets(ByteView magnitude, bool& positive) noexcept {
  std::size_t first = 0;
  while (first < magnitude.size() && magnitude[first] == 0)
    ++first;
  positive = first < magnitude.size();
  if (!positive) return 1;
  return magnitude.size() - first + (magnitude[first] >= 0x80 ? 1 : 0);
}

[[nodiscard]] Expected<Name> check_name(ByteView encoding, std::string_view what) {
  der::Reader reader(encoding);
  auto name = Name::read(reader, what);
  if (!name) return bad_spec(name.error().reason());
  if (auto end = reader.expect_end(what); !end) return bad_spec(end.error().reason());
  return name;
}

[[nodiscard]] Expected<void> check_names_and_times(const CertificateSpec& spec) {
  bool positive = false;
  const std::size_t octets = serial_octets(spec.serial, positive);
  if (!positive) return bad_spec("the serial number must be positive (RFC 5280 4.1.2.2)");
  if (octets > kMaxSerialOctets) {
    return bad_spec("the serial number takes " + std::to_string(octets) +
                    " octets; RFC 5280 4.1.2.2 allows 20");
  }
  auto issuer = check_name(spec.issuer, "issuer");
  if (!issuer) return Unexpected<Error>(std::move(issuer.error()));
  if (issuer->empty()) return bad_spec("the issuer name is empty (RFC 5280 4.1.2.4)");
  auto subject = check_name(spec.subject, "subject");
  if (!subject) return Unexpected<Error>(std::move(subject.error()));
  if (subject->empty() && spec.dns_names.empty() && spec.ip_addresses.empty()) {
    return bad_spec("an empty subject needs names in subjectAltName (RFC 5280 4.2.1.6)");
  }
  if (spec.not_before > spec.not_after) {
    return bad_spec("notBefore is after notAfter (RFC 5280 4.1.2.5)");
  }
  der::Reader spki(spec.subject_public_key_info);
  if (auto key = read_public_key_info(spki); !key) return bad_spec(key.error().reason());
  if (auto end = spki.expect_end("subjectPublicKeyInfo"); !end) {
    return bad_spec(end.error().reason());
  }
  return {};
}

// The CIDR mask of `prefix_length` bits over `size` octets.
[[nodiscard]] std::array<std::uint8_t, 16> prefix_mask(std::uint8_t prefix_length) noexcept {
  std::array<std::uint8_t, 16> mask{};
  for (std::size_t bit = 0; bit < prefix_length && bit < 128; ++bit)
    mask[bit / 8] = static_cast<std::uint8_t>(mask[bit / 8] | (0x80U >> (bit % 8)));
  return mask;
}

[[nodiscard]] Expected<void> check_name_constraints(const NameConstraintsSpec& constraints,
                                                    bool ca) {
  // RFC 5280 4.2.1.10: "MUST be used only in a CA certificate"; an empty GeneralSubtrees is
  // not allowed.
  if (!ca) return bad_spec("nameConstraints is only for CA certificates (RFC 5280 4.2.1.10)");
  if (constraints.permitted_dns_names.empty() && constraints.permitted_ip_ranges.empty()) {
    return bad_spec("nameConstraints without a permitted subtree (RFC 5280 4.2.1.10)");
  }
  if (constraints.permitted_dns_names.size() + constraints.permitted_ip_ranges.size() >
      kMaxGeneralNames) {
    return bad_spec("more than " + std::to_string(kMaxGeneralNames) + " permitted subtrees");
  }
  for (const std::string& base : constraints.permitted_dns_names) {
    if (!is_valid_dns_name(base, false)) {
      return bad_spec("permitted subtree '" + base + "' is not a host name (RFC 5280 4.2.1.10)");
    }
  }
  for (const IpRangeSpec& range : constraints.permitted_ip_ranges) {
    const std::size_t size = range.address.size;
    if ((size != 4 && size != 16) || range.prefix_length > size * 8) {
      return bad_spec("permitted subtree " + format_ip(range.address.bytes()) + "/" +
                      std::to_string(range.prefix_length) + " is not an address and prefix");
    }
    const auto mask = prefix_mask(range.prefix_length);
    for (std::size_t i = 0; i < size; ++i) {
      if ((range.address.octets[i] & ~mask[i]) != 0) {
        return bad_spec("permitted subtree " + format_ip(range.address.bytes()) + "/" +
                        std::to_string(range.prefix_length) + " has bits set after its prefix");
      }
    }
  }
  return {};
}

[[nodiscard]] Expected<void> check_extensions(const CertificateSpec& spec) {
  const bool ca = spec.basic_constraints && spec.basic_constraints->ca;
  if (spec.basic_constraints && spec.basic_constraints->path_length && !ca) {
    return bad_spec("pathLenConstraint is only for CA certificates (RFC 5280 4.2.1.9)");
  }
  if ((spec.key_usage & ~kNamedKeyUsageBits) != 0) {
    return bad_spec("keyUsage has bits beyond decipherOnly");
  }
  const auto cert_sign = static_cast<std::uint16_t>(KeyUsageBit::key_cert_sign);
  if ((spec.key_usage & cert_sign) != 0 && !ca) {
    return bad_spec("keyCertSign needs basicConstraints cA TRUE (RFC 5280 4.2.1.9)");
  }
  if (ca && spec.subject_key_identifier.empty()) {
    return bad_spec("a CA certificate needs a subjectKeyIdentifier (RFC 5280 4.2.1.2)");
  }
  if (spec.extended_key_usage.size() > kMaxPolicies) {
    return bad_spec("more than " + std::to_string(kMaxPolicies) + " extKeyUsage purposes");
  }
  if (spec.dns_names.size() + spec.ip_addresses.size() > kMaxGeneralNames) {
    return bad_spec("more than " + std::to_string(kMaxGeneralNames) + " subjectAltName entries");
  }
  for (const std::string& dns_name : spec.dns_names) {
    if (!is_valid_dns_name(dns_name, true)) {
      return bad_spec("'" + dns_name +
                      "' is not a host name (letters, digits and hyphens in dot-separated "
                      "labels, optionally '*.' first; RFC 5280 4.2.1.6)");
    }
  }
  for (const IpAddress& address : spec.ip_addresses) {
    if (address.size != 4 && address.size != 16) {
      return bad_spec("an iPAddress has 4 or 16 octets, not " + std::to_string(address.size));
    }
  }
  if (spec.name_constraints) return check_name_constraints(*spec.name_constraints, ca);
  return {};
}

// RFC 5280 4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }.
// `write_value` writes the DER that extnValue's OCTET STRING wraps.
template <class WriteValue>
void write_extension(der::Writer& w, const der::Oid& id, bool critical, WriteValue write_value) {
  auto extension = w.sequence();
  w.oid(id);
  if (critical) w.boolean(true);  // DER omits a DEFAULT value (X.690 11.5)
  auto value = w.octet_string_wrapper();
  write_value();
}

void write_alt_names(der::Writer& w, const CertificateSpec& spec) {
  auto names = w.sequence();
  for (const std::string& dns_name : spec.dns_names)
    w.context_primitive(2, as_bytes(dns_name));  // [2] IMPLICIT IA5String
  for (const IpAddress& address : spec.ip_addresses)
    w.context_primitive(7, address.bytes());  // [7] IMPLICIT OCTET STRING
}

// RFC 5280 4.2.1.10: NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees
// OPTIONAL, ... }, each GeneralSubtree a SEQUENCE { base GeneralName } (minimum 0 is the
// DEFAULT and maximum absent, as the RFC requires). The module's tags are IMPLICIT.
void write_name_constraints(der::Writer& w, const NameConstraintsSpec& constraints) {
  auto sequence = w.sequence();
  auto permitted = w.context_constructed(0);
  for (const std::string& base : constraints.permitted_dns_names) {
    auto subtree = w.sequence();
    w.context_primitive(2, as_bytes(base));  // dNSName [2] IA5String
  }
  for (const IpRangeSpec& range : constraints.permitted_ip_ranges) {
    // iPAddress [7]: the address then its mask, 8 octets for IPv4, 32 for IPv6.
    const std::size_t size = range.address.size;
    const auto mask = prefix_mask(range.prefix_length);
    std::array<std::uint8_t, 32> base{};
    std::copy_n(range.address.octets.begin(), size, base.begin());
    std::copy_n(mask.begin(), size, base.begin() + static_cast<std::ptrdiff_t>(size));
    auto subtree = w.sequence();
    w.context_primitive(7, ByteView(base.data(), 2 * size));
  }
}

void write_extensions(der::Writer& w, const CertificateSpec& spec, bool subject_empty) {
  if (spec.basic_constraints) {
    write_extension(w, der::Oid(oid::kBasicConstraints), true, [&] {
      auto constraints = w.sequence();
      if (spec.basic_constraints->ca) w.boolean(true);
      if (spec.basic_constraints->path_length) w.integer(*spec.basic_constraints->path_length);
    });
  }
  if (spec.key_usage != 0) {
    write_extension(w, der::Oid(oid::kKeyUsage), true, [&] { w.named_bit_string(spec.key_usage); });
  }
  if (!spec.extended_key_usage.empty()) {
    write_extension(w, der::Oid(oid::kExtKeyUsage), false, [&] {
      auto purposes = w.sequence();
      for (const der::Oid& purpose : spec.extended_key_usage)
        w.oid(purpose);
    });
  }
  if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
    write_extension(w, der::Oid(oid::kSubjectAltName), subject_empty,
                    [&] { write_alt_names(w, spec); });
  }
  if (!spec.subject_key_identifier.empty()) {
    write_extension(w, der::Oid(oid::kSubjectKeyIdentifier), false,
                    [&] { w.octet_string(spec.subject_key_identifier); });
  }
  if (!spec.authority_key_identifier.empty()) {
    write_extension(w, der::Oid(oid::kAuthorityKeyIdentifier), false, [&] {
      auto identifier = w.sequence();
      w.context_primitive(0, spec.authority_key_identifier);  // [0] KeyIdentifier
    });
  }
  if (spec.name_constraints) {
    // RFC 5280 4.2.1.10: "Conforming CAs MUST mark this extension as critical".
    write_extension(w, der::Oid(oid::kNameConstraints), true,
                    [&] { write_name_constraints(w, *spec.name_constraints); });
  }
}

[[nodiscard]] bool has_extensions(const CertificateSpec& spec) noexcept {
  return spec.basic_constraints || spec.key_usage != 0 || !spec.extended_key_usage.empty() ||
         !spec.dns_names.empty() || !spec.ip_addresses.empty() ||
         !spec.subject_key_identifier.empty() || !spec.authority_key_identifier.empty() ||
         spec.name_constraints.has_value();
}

}  // namespace

Expected<Bytes> encode_name(std::span<const NameAttributeSpec> attributes) {
  Bytes out;
  der::Writer w(out);
  {
    auto rdns = w.sequence();
    for (const NameAttributeSpec& attribute : attributes) {
      const bool country = attribute.type == der::Oid(oid::kCountryName);
      if (attribute.value.empty() || attribute.value.size() > kMaxAttributeSize ||
          (country && attribute.value.size() != 2)) {
        return bad_spec("the name attribute " + attribute.type.to_string() + " '" +
                        attribute.value + "' must be " +
                        (country ? "two letters" : "1 to 64 bytes") + " (RFC 5280 A.1)");
      }
      auto rdn = w.set();
      auto type_and_value = w.sequence();
      w.oid(attribute.type);
      if (country) {
        w.printable_string(attribute.value);
      } else {
        w.utf8_string(attribute.value);
      }
    }
  }
  if (auto done = w.result(); !done) return bad_spec(done.error().reason());
  return out;
}

std::optional<crypto::SignatureScheme> certificate_signature_scheme(
    crypto::KeyType issuer_key) noexcept {
  switch (issuer_key) {
    case crypto::KeyType::ec_p256:
      return crypto::SignatureScheme::ecdsa_secp256r1_sha256;
    case crypto::KeyType::ec_p384:
      return crypto::SignatureScheme::ecdsa_secp384r1_sha384;
    case crypto::KeyType::rsa:
      return crypto::SignatureScheme::rsa_pkcs1_sha256;
    case crypto::KeyType::ed25519:
      return crypto::SignatureScheme::ed25519;
    case crypto::KeyType::rsa_pss:
      return std::nullopt;
  }
  return std::nullopt;
}

Expected<Bytes> encode_tbs_certificate(const CertificateSpec& spec,
                                       crypto::SignatureScheme scheme) {
  const auto algorithm = algorithm_identifier(scheme);
  if (!algorithm) return bad_spec(scheme_name(scheme) + " cannot sign certificates here");
  if (auto checked = check_names_and_times(spec); !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  if (auto checked = check_extensions(spec); !checked) {
    return Unexpected<Error>(std::move(checked.error()));
  }
  // check_names_and_times read the subject as a Name: the empty one is exactly SEQUENCE {}.
  const bool subject_empty =
      std::equal(spec.subject.begin(), spec.subject.end(), kEmptyName.begin(), kEmptyName.end());

  Bytes out;
  der::Writer w(out);
  {
    auto tbs = w.sequence();
    {
      auto version = w.context_constructed(0);  // [0] EXPLICIT Version
      w.integer(2);                             // v3
    }
    w.unsigned_integer(spec.serial);
    write_algorithm_identifier(w, *algorithm);
    w.element(spec.issuer);
    {
      auto validity = w.sequence();
      w.time(spec.not_before);
      w.time(spec.not_after);
    }
    w.element(spec.subject);
    w.element(spec.subject_public_key_info);
    if (has_extensions(spec)) {
      auto explicit_tag = w.context_constructed(3);  // [3] EXPLICIT Extensions
      auto extensions = w.sequence();
      write_extensions(w, spec, subject_empty);
    }
  }
  if (auto done = w.result(); !done) return bad_spec(done.error().reason());
  return out;
}

Expected<Bytes> build_certificate(const CertificateSpec& spec, const crypto::PrivateKey& issuer_key,
                                  crypto::SignatureScheme scheme) {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  const auto algorithm = algorithm_identifier(scheme);
  if (info == nullptr || !algorithm) {
    return bad_spec(scheme_name(scheme) + " cannot sign certificates here");
  }
  if (info->key_type != issuer_key.type()) {
    return bad_spec(scheme_name(scheme) + " does not suit the issuer's key");
  }
  auto tbs = encode_tbs_certificate(spec, scheme);
  if (!tbs) return Unexpected<Error>(std::move(tbs.error()));
  auto signature = issuer_key.sign(info->algorithm, *tbs);
  if (!signature) return Unexpected<Error>(std::move(signature.error()));

  // RFC 5280 4.1.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
  // signatureValue }, the algorithm repeated byte for byte (4.1.1.2).
  Bytes out;
  der::Writer w(out);
  {
    auto certificate = w.sequence();
    w.element(*tbs);
    write_algorithm_identifier(w, *algorithm);
    w.bit_string(*signature);
  }
  if (auto done = w.result(); !done) return bad_spec(done.error().reason());
  if (auto parsed = Certificate::parse(out); !parsed) {
    return internal_failure("the certificate just built does not parse: " +
                            parsed.error().reason());
  }
  return out;
}

Expected<Bytes> key_identifier(const crypto::Provider& provider, ByteView subject_public_key_info) {
  der::Reader reader(subject_public_key_info);
  auto key = read_public_key_info(reader);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  std::array<std::uint8_t, crypto::digest_size(crypto::HashAlgorithm::sha256)> digest{};
  if (auto hashed = crypto::hash_once(provider, crypto::HashAlgorithm::sha256, key->key, digest);
      !hashed) {
    return Unexpected<Error>(std::move(hashed.error()));
  }
  return Bytes(digest.begin(), digest.begin() + kKeyIdentifierSize);
}

}  // namespace cpptls::x509
