// Issuing certificates through the public API (include/cpptls/x509.hpp): PrivateKey over the
// provider's keys and CertificateAuthority over x509/certificate_builder.hpp, which writes and
// checks every field.

#include <charconv>
#include <utility>

#include "cpptls/x509.hpp"

#include "conn/api/convert.hpp"
#include "conn/api/x509_data.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/der/time.hpp"
#include "x509/extensions.hpp"
#include "x509/ip_address.hpp"
#include "x509/oids.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls {
namespace {

constexpr std::size_t kMinRsaBits = 2048;
constexpr std::size_t kMaxRsaBits = 8192;
constexpr std::size_t kSerialSize = 16;  // 128 random bits, above the CA/B Forum's 64

[[nodiscard]] KeyType to_public(crypto::KeyType type) noexcept {
  switch (type) {
    case crypto::KeyType::rsa:
      return KeyType::rsa;
    case crypto::KeyType::rsa_pss:
      return KeyType::rsa_pss;
    case crypto::KeyType::ec_p256:
      return KeyType::ec_p256;
    case crypto::KeyType::ec_p384:
      return KeyType::ec_p384;
    case crypto::KeyType::ed25519:
      return KeyType::ed25519;
  }
  return KeyType::other;
}

[[nodiscard]] std::optional<crypto::KeyType> to_internal(KeyType type) noexcept {
  switch (type) {
    case KeyType::rsa:
      return crypto::KeyType::rsa;
    case KeyType::ec_p256:
      return crypto::KeyType::ec_p256;
    case KeyType::ec_p384:
      return crypto::KeyType::ec_p384;
    case KeyType::ed25519:
      return crypto::KeyType::ed25519;
    default:
      return std::nullopt;  // RSA-PSS keys cannot sign certificates (certificate_builder.hpp)
  }
}

[[nodiscard]] const crypto::PrivateKey& internal(const PrivateKey& key) noexcept {
  return *key.data()->key;
}

// A positive serial of exactly kSerialSize octets: the top bit clear keeps it positive
// without a sign octet, the next one set keeps its length fixed (RFC 5280 4.1.2.2).
[[nodiscard]] Result<Bytes> random_serial(const crypto::Provider& provider) {
  Bytes serial(kSerialSize);
  if (auto filled = provider.random(serial); !filled) return api::to_public(filled.error());
  serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7f) | 0x40);
  return serial;
}

// "192.0.2.0/24", "fd00::/8": an iPAddress subtree.
[[nodiscard]] Result<x509::IpRangeSpec> parse_ip_range(std::string_view text) {
  const auto slash = text.find('/');
  const auto bad = [&] {
    return api::config_error("permitted IP range '" + std::string(text) +
                             "' is not ADDRESS/PREFIX (\"10.0.0.0/8\", \"fd00::/8\")");
  };
  if (slash == std::string_view::npos) return bad();
  const auto address = x509::parse_ip(text.substr(0, slash));
  unsigned prefix = 0;
  const std::string_view digits = text.substr(slash + 1);
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  if (!address || digits.empty() || status != std::errc() || end != digits.data() + digits.size() ||
      prefix > address->size * 8u) {
    return bad();
  }
  return x509::IpRangeSpec{*address, static_cast<std::uint8_t>(prefix)};
}

// Everything of the request but the issuer and its key identifier.
[[nodiscard]] Result<x509::CertificateSpec> spec_for(const CertificateRequest& request,
                                                     const PrivateKey& subject_key) {
  const crypto::Provider& provider = *subject_key.data()->provider;
  x509::CertificateSpec spec;
  std::vector<x509::NameAttributeSpec> attributes;
  if (!request.organization.empty()) {
    attributes.push_back({x509::der::Oid(x509::oid::kOrganizationName), request.organization});
  }
  if (!request.common_name.empty()) {
    attributes.push_back({x509::der::Oid(x509::oid::kCommonName), request.common_name});
  }
  auto subject = x509::encode_name(attributes);
  if (!subject) return api::to_public(subject.error());
  spec.subject = std::move(*subject);
  if (request.serial.empty()) {
    auto serial = random_serial(provider);
    if (!serial) return serial.error();
    spec.serial = std::move(*serial);
  } else {
    spec.serial = request.serial;
  }
  spec.not_before = request.not_before;
  spec.not_after = request.not_after;
  spec.subject_public_key_info = subject_key.public_key_info();
  auto identifier = x509::key_identifier(provider, spec.subject_public_key_info);
  if (!identifier) return api::to_public(identifier.error());
  spec.subject_key_identifier = std::move(*identifier);

  spec.dns_names = request.dns_names;
  for (const std::string& text : request.ip_addresses) {
    const auto address = x509::parse_ip(text);
    if (!address) {
      return api::config_error("ip address '" + text + "' is not an IPv4 or IPv6 address");
    }
    spec.ip_addresses.push_back(*address);
  }
  if (request.ca) {
    spec.basic_constraints = x509::BasicConstraintsSpec{true, request.path_length};
    spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::key_cert_sign) |
                     static_cast<std::uint16_t>(x509::KeyUsageBit::crl_sign);
    if (!request.permitted_dns_names.empty() || !request.permitted_ip_ranges.empty()) {
      x509::NameConstraintsSpec constraints;
      constraints.permitted_dns_names = request.permitted_dns_names;
      for (const std::string& text : request.permitted_ip_ranges) {
        auto range = parse_ip_range(text);
        if (!range) return range.error();
        constraints.permitted_ip_ranges.push_back(*range);
      }
      spec.name_constraints = std::move(constraints);
    }
  } else {
    if (request.path_length || !request.permitted_dns_names.empty() ||
        !request.permitted_ip_ranges.empty()) {
      return api::config_error("path_length and permitted names are for a CA certificate (set ca)");
    }
    spec.basic_constraints = x509::BasicConstraintsSpec{false, std::nullopt};
    spec.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::digital_signature);
    // RFC 5246 7.4.7.1: an RSA key also decrypts the premaster of TLS 1.2 RSA key transport.
    if (subject_key.type() == KeyType::rsa) {
      spec.key_usage |= static_cast<std::uint16_t>(x509::KeyUsageBit::key_encipherment);
    }
  }
  if (request.server_auth) spec.extended_key_usage.emplace_back(x509::oid::kServerAuth);
  if (request.client_auth) spec.extended_key_usage.emplace_back(x509::oid::kClientAuth);
  return spec;
}

[[nodiscard]] Result<Certificate> sign(const x509::CertificateSpec& spec, const PrivateKey& by) {
  const auto scheme = x509::certificate_signature_scheme(internal(by).type());
  if (!scheme) return api::config_error("a " + by.description() + " key cannot sign certificates");
  auto der = x509::build_certificate(spec, internal(by), *scheme);
  if (!der) return api::to_public(der.error());
  return Certificate::from_der(*der);
}

}  // namespace

// ---- PrivateKey ----

PrivateKey::PrivateKey(std::shared_ptr<const detail::PrivateKeyData> data) noexcept
    : data_(std::move(data)) {}

namespace {

[[nodiscard]] Result<std::shared_ptr<detail::PrivateKeyData>> key_data(
    const crypto::Provider& provider, Expected<std::unique_ptr<crypto::PrivateKey>> key) {
  if (!key) return api::to_public(key.error());
  auto data = std::make_shared<detail::PrivateKeyData>();
  data->provider = &provider;
  data->key = std::move(*key);
  auto spki = data->key->public_key_info();
  if (!spki) return api::to_public(spki.error());
  data->public_key_info = std::move(*spki);
  return data;
}

}  // namespace

Result<PrivateKey> PrivateKey::generate(const crypto::Provider& provider, KeyType type,
                                        std::size_t rsa_bits) {
  const auto internal_type = to_internal(type);
  if (!internal_type) {
    return api::config_error("only RSA, ECDSA P-256 and P-384 and Ed25519 keys can be generated");
  }
  if (type == KeyType::rsa && (rsa_bits < kMinRsaBits || rsa_bits > kMaxRsaBits)) {
    return api::config_error("an RSA key is 2048 to 8192 bits, not " + std::to_string(rsa_bits));
  }
  auto data = key_data(provider, provider.generate_private_key(*internal_type, rsa_bits));
  if (!data) return data.error();
  return PrivateKey(std::move(*data));
}

Result<PrivateKey> PrivateKey::from_pem(const crypto::Provider& provider, std::string_view pem) {
  auto data = key_data(provider, provider.private_key_from_pem(pem));
  if (!data) return data.error();
  return PrivateKey(std::move(*data));
}

KeyType PrivateKey::type() const noexcept {
  return to_public(data_->key->type());
}

std::size_t PrivateKey::bits() const noexcept {
  return data_->key->bits();
}

std::string PrivateKey::description() const {
  switch (type()) {
    case KeyType::rsa:
      return "RSA-" + std::to_string(bits());
    case KeyType::rsa_pss:
      return "RSA-PSS-" + std::to_string(bits());
    case KeyType::ec_p256:
      return "ECDSA P-256";
    case KeyType::ec_p384:
      return "ECDSA P-384";
    case KeyType::ed25519:
      return "Ed25519";
    case KeyType::other:
      break;
  }
  return "unknown";
}

const std::vector<std::uint8_t>& PrivateKey::public_key_info() const noexcept {
  return data_->public_key_info;
}

bool PrivateKey::matches(const Certificate& certificate) const {
  const ByteView spki = certificate.data()->parsed->public_key().spki;
  return std::equal(spki.begin(), spki.end(), data_->public_key_info.begin(),
                    data_->public_key_info.end());
}

Result<std::string> PrivateKey::to_pem() const {
  auto pkcs8 = data_->key->private_key_info();
  if (!pkcs8) return api::to_public(pkcs8.error());
  const SecretBytes pem = x509::encode_pem_secret("PRIVATE KEY", *pkcs8);
  return std::string(as_chars(pem));
}

// ---- CertificateAuthority ----

Result<CertificateAuthority> CertificateAuthority::create_root(PrivateKey key,
                                                               const CertificateRequest& request) {
  if (!request.ca) return api::config_error("a root is a CA certificate: set ca in the request");
  auto spec = spec_for(request, key);
  if (!spec) return spec.error();
  spec->issuer = spec->subject;  // self-signed: the same name, byte for byte
  auto certificate = sign(*spec, key);
  if (!certificate) return certificate.error();
  return CertificateAuthority(std::move(*certificate), std::move(key));
}

Result<CertificateAuthority> CertificateAuthority::from(Certificate certificate, PrivateKey key) {
  if (!certificate.is_ca()) {
    return api::config_error("the certificate (" + certificate.describe() +
                             ") is not a CA certificate (basicConstraints cA is not TRUE)");
  }
  if (!key.matches(certificate)) {
    return api::config_error("the private key is not the key of the certificate (" +
                             certificate.describe() + ")");
  }
  return CertificateAuthority(std::move(certificate), std::move(key));
}

Result<Certificate> CertificateAuthority::issue(const CertificateRequest& request,
                                                const PrivateKey& subject_key) const {
  auto spec = spec_for(request, subject_key);
  if (!spec) return spec.error();
  const x509::Certificate& ca = certificate_.data()->parsed.certificate();
  const ByteView issuer = ca.subject().der();
  spec->issuer.assign(issuer.begin(), issuer.end());  // byte for byte, for every matcher
  const auto& ski = ca.extensions().subject_key_identifier;
  if (ski.present) {
    spec->authority_key_identifier.assign(ski.key_identifier.begin(), ski.key_identifier.end());
  } else {
    auto computed = x509::key_identifier(*key_.data()->provider, ca.public_key().spki);
    if (!computed) return api::to_public(computed.error());
    spec->authority_key_identifier = std::move(*computed);
  }
  // A certificate that outlives its CA would stop verifying before its own notAfter.
  if (spec->not_after > ca.not_after()) {
    return api::config_error("the certificate would end at " +
                             x509::der::format_time(spec->not_after) + ", after its CA (" +
                             certificate_.describe() + ") at " +
                             x509::der::format_time(ca.not_after()));
  }
  return sign(*spec, key_);
}

}  // namespace cpptls
