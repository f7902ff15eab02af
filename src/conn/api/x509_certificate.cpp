// cpptls::Certificate (include/cpptls/x509.hpp) over x509::ParsedCertificate.

#include <utility>

#include "cpptls/x509.hpp"

#include "base/hex.hpp"
#include "conn/api/convert.hpp"
#include "conn/api/x509_data.hpp"
#include "crypto/provider.hpp"
#include "x509/certificate_profile.hpp"
#include "x509/hostname.hpp"
#include "x509/ip_address.hpp"
#include "x509/name_constraints.hpp"
#include "x509/pem.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls {
namespace api {

Certificate to_public(x509::ParsedCertificate parsed) {
  const ByteView der = parsed.der();
  std::vector<std::uint8_t> copy(der.begin(), der.end());
  return Certificate(std::make_shared<const detail::CertificateData>(
      detail::CertificateData{std::move(parsed), std::move(copy)}));
}

}  // namespace api

namespace {

[[nodiscard]] const x509::Certificate& parsed(const Certificate& certificate) noexcept {
  return certificate.data()->parsed.certificate();
}

}  // namespace

Certificate::Certificate(std::shared_ptr<const detail::CertificateData> data) noexcept
    : data_(std::move(data)) {}

Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der) {
  auto certificate = x509::ParsedCertificate::copy_of(der);
  if (!certificate) return api::to_public(certificate.error());
  return api::to_public(std::move(*certificate));
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
  auto all = all_from_pem(pem);
  if (!all) return all.error();
  if (all->empty()) {
    return api::config_error("no CERTIFICATE block in the PEM text" + [&] {
      std::string found;
      for (const std::string& label : pem_labels(pem)) {
        found += (found.empty() ? " (found " : ", ") + label;
      }
      return found.empty() ? found : found + ")";
    }());
  }
  return std::move(all->front());
}

Result<std::vector<Certificate>> Certificate::all_from_pem(std::string_view pem) {
  auto parsed = x509::parse_pem_certificates(pem);
  if (!parsed) return api::to_public(parsed.error());
  std::vector<Certificate> out;
  out.reserve(parsed->size());
  for (x509::ParsedCertificate& certificate : *parsed)
    out.push_back(api::to_public(std::move(certificate)));
  return out;
}

std::string Certificate::subject() const {
  return parsed(*this).subject().to_string();
}

std::string Certificate::issuer() const {
  return parsed(*this).issuer().to_string();
}

std::string Certificate::serial_hex() const {
  return to_hex(parsed(*this).serial());
}

std::int64_t Certificate::not_before() const noexcept {
  return parsed(*this).not_before();
}

std::int64_t Certificate::not_after() const noexcept {
  return parsed(*this).not_after();
}

std::vector<std::string> Certificate::dns_names() const {
  std::vector<std::string> names;
  for (const x509::GeneralName& name : parsed(*this).extensions().subject_alt_name.names) {
    if (name.kind == x509::GeneralNameKind::dns_name) names.emplace_back(name.text());
  }
  return names;
}

std::vector<std::string> Certificate::ip_addresses() const {
  std::vector<std::string> addresses;
  for (const x509::GeneralName& name : parsed(*this).extensions().subject_alt_name.names) {
    if (name.kind == x509::GeneralNameKind::ip_address) {
      addresses.push_back(x509::format_ip(name.value));
    }
  }
  return addresses;
}

KeyType Certificate::key_type() const noexcept {
  switch (parsed(*this).public_key().algorithm) {
    case x509::KeyAlgorithm::rsa:
      return KeyType::rsa;
    case x509::KeyAlgorithm::rsa_pss:
      return KeyType::rsa_pss;
    case x509::KeyAlgorithm::ec_p256:
      return KeyType::ec_p256;
    case x509::KeyAlgorithm::ec_p384:
      return KeyType::ec_p384;
    case x509::KeyAlgorithm::ed25519:
      return KeyType::ed25519;
    default:
      return KeyType::other;
  }
}

std::size_t Certificate::key_bits() const noexcept {
  const x509::PublicKeyInfo& key = parsed(*this).public_key();
  switch (key.algorithm) {
    case x509::KeyAlgorithm::rsa:
    case x509::KeyAlgorithm::rsa_pss:
      return x509::rsa_modulus_bits(key.key);
    case x509::KeyAlgorithm::ec_p256:
      return 256;
    case x509::KeyAlgorithm::ec_p384:
      return 384;
    case x509::KeyAlgorithm::ec_p521:
      return 521;
    case x509::KeyAlgorithm::ed25519:
      return 255;
    default:
      return 0;
  }
}

std::string Certificate::key_description() const {
  const std::string name = parsed(*this).public_key().describe();
  const KeyType type = key_type();
  if (type == KeyType::rsa || type == KeyType::rsa_pss) {
    return name + "-" + std::to_string(key_bits());
  }
  return name;
}

std::vector<std::uint8_t> Certificate::public_key_info() const {
  const ByteView spki = parsed(*this).public_key().spki;
  return {spki.begin(), spki.end()};
}

bool Certificate::is_ca() const noexcept {
  return parsed(*this).extensions().basic_constraints.ca;
}

bool Certificate::has_name_constraints() const noexcept {
  const auto& constraints = parsed(*this).extensions().name_constraints;
  return constraints.present && constraints.critical;
}

std::vector<std::uint8_t> Certificate::subject_key_identifier() const {
  const auto& ski = parsed(*this).extensions().subject_key_identifier;
  if (!ski.present) return {};
  return {ski.key_identifier.begin(), ski.key_identifier.end()};
}

std::vector<std::uint8_t> Certificate::authority_key_identifier() const {
  const auto& aki = parsed(*this).extensions().authority_key_identifier;
  if (!aki.present || !aki.key_identifier) return {};
  return {aki.key_identifier->begin(), aki.key_identifier->end()};
}

bool Certificate::matches_name(std::string_view host) const {
  // match_host takes IP literals too, and checks them against the iPAddress names.
  return x509::match_host(parsed(*this), host).has_value();
}

std::string Certificate::describe() const {
  return parsed(*this).describe();
}

Result<std::array<std::uint8_t, 32>> Certificate::sha256_fingerprint(
    const crypto::Provider& provider) const {
  std::array<std::uint8_t, 32> digest{};
  auto hashed = crypto::hash_once(provider, crypto::HashAlgorithm::sha256, data_->der, digest);
  if (!hashed) return api::to_public(hashed.error());
  return digest;
}

const std::vector<std::uint8_t>& Certificate::der() const noexcept {
  return data_->der;
}

std::string Certificate::to_pem() const {
  return x509::encode_pem("CERTIFICATE", data_->der);
}

bool operator==(const Certificate& a, const Certificate& b) noexcept {
  return a.data_->der == b.data_->der;
}

std::vector<std::string> pem_labels(std::string_view text) {
  std::vector<std::string> labels;
  const auto blocks = x509::read_pem_blocks(text);
  if (!blocks) return labels;
  for (const x509::PemBlock& block : *blocks)
    labels.push_back(block.label);
  return labels;
}

std::optional<std::string> canonical_ip_address(std::string_view text) {
  const auto address = x509::parse_ip(text);
  if (!address) return std::nullopt;
  return x509::format_ip(address->bytes());
}

bool is_valid_dns_name(std::string_view name, bool allow_wildcard) noexcept {
  return x509::is_valid_dns_name(name, allow_wildcard);
}

}  // namespace cpptls
