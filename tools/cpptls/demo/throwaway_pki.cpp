#include "throwaway_pki.hpp"

#include <vector>

#include "base/hex.hpp"
#include "x509/certificate_builder.hpp"
#include "x509/extensions.hpp"
#include "x509/oids.hpp"
#include "x509/pem_writer.hpp"

namespace cpptls::tool::demo {
namespace {

constexpr std::int64_t kBackdate = 3600;          // a peer whose clock lags still accepts it
constexpr std::int64_t kCaLifetime = 86400;       // one day: it lives for one run anyway
constexpr std::int64_t kLeafLifetime = 3 * 3600;  // inside the CA's validity
constexpr std::size_t kRsaBits = 2048;

struct Key {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes spki;
  Bytes identifier;
};

[[nodiscard]] Expected<Key> make_key(const crypto::Provider& provider, crypto::KeyType type) {
  Key out;
  auto key = provider.generate_private_key(type, kRsaBits);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  out.key = std::move(*key);
  auto spki = out.key->public_key_info();
  if (!spki) return Unexpected<Error>(std::move(spki.error()));
  out.spki = std::move(*spki);
  auto identifier = x509::key_identifier(provider, out.spki);
  if (!identifier) return Unexpected<Error>(std::move(identifier.error()));
  out.identifier = std::move(*identifier);
  return out;
}

// 16 random bytes, positive and of fixed length (RFC 5280 4.1.2.2).
[[nodiscard]] Expected<Bytes> random_serial(const crypto::Provider& provider) {
  Bytes serial(16);
  if (auto filled = provider.random(serial); !filled) return Unexpected<Error>(filled.error());
  serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7f) | 0x40);
  return serial;
}

[[nodiscard]] Expected<Bytes> sign(const x509::CertificateSpec& spec,
                                   const crypto::PrivateKey& by) {
  const auto scheme = x509::certificate_signature_scheme(by.type());
  if (!scheme) return internal_failure("the demo CA key cannot sign certificates");
  return x509::build_certificate(spec, by, *scheme);
}

}  // namespace

Expected<ThrowawayPki> make_throwaway_pki(const crypto::Provider& provider, bool rsa) {
  ThrowawayPki pki;
  const std::int64_t now = provider.now();

  auto ca_key = make_key(provider, crypto::KeyType::ec_p256);
  if (!ca_key) return Unexpected<Error>(std::move(ca_key.error()));
  Bytes suffix(4);
  if (auto filled = provider.random(suffix); !filled) return Unexpected<Error>(filled.error());
  const std::string ca_common_name = "cpptls demo CA " + to_hex(suffix);
  pki.ca_name = "CN=" + ca_common_name + ",O=cpptls";
  const std::vector<x509::NameAttributeSpec> ca_attributes = {
      {x509::der::Oid(x509::oid::kOrganizationName), "cpptls"},
      {x509::der::Oid(x509::oid::kCommonName), ca_common_name}};
  auto ca_name = x509::encode_name(ca_attributes);
  if (!ca_name) return Unexpected<Error>(std::move(ca_name.error()));
  auto ca_serial = random_serial(provider);
  if (!ca_serial) return Unexpected<Error>(std::move(ca_serial.error()));

  x509::CertificateSpec ca;
  ca.serial = std::move(*ca_serial);
  ca.issuer = *ca_name;
  ca.subject = *ca_name;
  ca.not_before = now - kBackdate;
  ca.not_after = now + kCaLifetime;
  ca.subject_public_key_info = ca_key->spki;
  ca.basic_constraints = x509::BasicConstraintsSpec{true, 0};
  ca.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::key_cert_sign) |
                 static_cast<std::uint16_t>(x509::KeyUsageBit::crl_sign);
  ca.subject_key_identifier = ca_key->identifier;
  auto ca_der = sign(ca, *ca_key->key);
  if (!ca_der) return Unexpected<Error>(std::move(ca_der.error()));

  auto leaf_key = make_key(provider, rsa ? crypto::KeyType::rsa : crypto::KeyType::ec_p256);
  if (!leaf_key) return Unexpected<Error>(std::move(leaf_key.error()));
  const std::vector<x509::NameAttributeSpec> leaf_attributes = {
      {x509::der::Oid(x509::oid::kCommonName), std::string(kDemoHost)}};
  auto leaf_name = x509::encode_name(leaf_attributes);
  if (!leaf_name) return Unexpected<Error>(std::move(leaf_name.error()));
  auto leaf_serial = random_serial(provider);
  if (!leaf_serial) return Unexpected<Error>(std::move(leaf_serial.error()));

  x509::CertificateSpec leaf;
  leaf.serial = std::move(*leaf_serial);
  leaf.issuer = *ca_name;
  leaf.subject = std::move(*leaf_name);
  leaf.not_before = now - kBackdate;
  leaf.not_after = now + kLeafLifetime;
  leaf.subject_public_key_info = leaf_key->spki;
  leaf.basic_constraints = x509::BasicConstraintsSpec{false, std::nullopt};
  leaf.key_usage = static_cast<std::uint16_t>(x509::KeyUsageBit::digital_signature);
  // RFC 5246 7.4.7.1: the RSA key also decrypts the premaster secret.
  if (rsa) leaf.key_usage |= static_cast<std::uint16_t>(x509::KeyUsageBit::key_encipherment);
  leaf.extended_key_usage.emplace_back(x509::oid::kServerAuth);
  leaf.dns_names = {std::string(kDemoHost)};
  leaf.subject_key_identifier = leaf_key->identifier;
  leaf.authority_key_identifier = ca_key->identifier;
  auto leaf_der = sign(leaf, *ca_key->key);
  if (!leaf_der) return Unexpected<Error>(std::move(leaf_der.error()));

  auto pkcs8 = leaf_key->key->private_key_info();
  if (!pkcs8) return Unexpected<Error>(std::move(pkcs8.error()));
  pki.ca_pem = x509::encode_pem("CERTIFICATE", *ca_der);
  pki.server_pem = x509::encode_pem("CERTIFICATE", *leaf_der) + pki.ca_pem;
  pki.server_key_pem = x509::encode_pem_secret("PRIVATE KEY", *pkcs8);
  pki.key_description = rsa ? "RSA-" + std::to_string(leaf_key->key->bits()) : "ECDSA P-256";
  pki.server_key = std::move(leaf_key->key);
  return pki;
}

}  // namespace cpptls::tool::demo
