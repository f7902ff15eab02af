#include "cert_factory.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.hpp"
#include "x509/der/time.hpp"

namespace cpptls::x509::testing {
namespace {

Bytes encode_time(std::int64_t seconds) {
  const der::CivilTime t = der::from_unix_seconds(seconds);
  char text[32];
  // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  if (t.year >= 1950 && t.year < 2050) {
    std::snprintf(text, sizeof text, "%02d%02d%02d%02d%02d%02dZ", t.year % 100, t.month, t.day,
                  t.hour, t.minute, t.second);
    return utc_time(text);
  }
  std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02dZ", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return generalized_time(text);
}

struct Signing {
  Bytes algorithm_identifier;
  crypto::SignatureAlgorithm algorithm;
};

Signing signing_for(crypto::KeyType type) {
  using crypto::HashAlgorithm;
  using crypto::SignatureKind;
  switch (type) {
    case crypto::KeyType::ec_p384:
      return {seq({oid("1.2.840.10045.4.3.3")}), {SignatureKind::ecdsa, HashAlgorithm::sha384}};
    case crypto::KeyType::rsa:
      return {sha256_rsa(), {SignatureKind::rsa_pkcs1, HashAlgorithm::sha256}};
    case crypto::KeyType::ed25519:
      return {seq({oid("1.3.101.112")}), {SignatureKind::ed25519, HashAlgorithm::sha256}};
    default:
      return {ecdsa_sha256(), {SignatureKind::ecdsa, HashAlgorithm::sha256}};
  }
}

Bytes fresh_serial() {
  static std::atomic<std::int64_t> next{0x1000};
  return integer(next++);
}

}  // namespace

const crypto::Provider& test_provider() {
  return crypto::openssl::provider();
}

TestKey make_key(crypto::KeyType type) {
  static std::mutex mutex;
  static std::map<crypto::KeyType, TestKey> slow_keys;
  const bool slow = type == crypto::KeyType::rsa;
  std::lock_guard lock(mutex);
  if (slow) {
    if (auto found = slow_keys.find(type); found != slow_keys.end()) return found->second;
  }
  auto key = test_provider().generate_private_key(type);
  EXPECT_TRUE(key.has_value()) << (key ? "" : key.error().reason());
  if (!key) return {};
  auto spki = (*key)->public_key_info();
  EXPECT_TRUE(spki.has_value());
  TestKey out{std::shared_ptr<const crypto::PrivateKey>(std::move(*key)), spki ? *spki : Bytes{},
              type};
  if (slow) slow_keys.emplace(type, out);
  return out;
}

Bytes ext_basic_constraints(bool ca, std::optional<int> path_length, bool critical) {
  Bytes fields;
  if (ca) fields = boolean(true);
  if (path_length) {
    const Bytes n = integer(*path_length);
    fields.insert(fields.end(), n.begin(), n.end());
  }
  return extension("2.5.29.19", critical, tlv(0x30, fields));
}

Bytes ext_key_usage(std::uint16_t bits_set, bool critical) {
  // BIT STRING, bit n = bit (7 - n % 8) of octet n / 8, minimal length, unused bits counted.
  int highest = -1;
  for (int n = 0; n < 9; ++n) {
    if (bits_set & (1 << n)) highest = n;
  }
  Bytes octets_out(highest < 8 ? 1 : 2, 0);
  for (int n = 0; n <= highest; ++n) {
    if (bits_set & (1 << n)) octets_out[n / 8] |= static_cast<std::uint8_t>(0x80 >> (n % 8));
  }
  const auto unused = static_cast<std::uint8_t>(highest < 0 ? 0 : 7 - highest % 8);
  return extension("2.5.29.15", critical, bits(octets_out, highest < 0 ? 0 : unused));
}

Bytes ext_eku(std::initializer_list<std::string_view> purposes, bool critical) {
  std::vector<Bytes> oids;
  for (std::string_view purpose : purposes)
    oids.push_back(oid(purpose));
  return extension("2.5.29.37", critical, seq_of(oids));
}

Bytes ext_san(const std::vector<Bytes>& names, bool critical) {
  return extension("2.5.29.17", critical, seq_of(names));
}

Bytes ext_name_constraints(const std::vector<Bytes>& permitted, const std::vector<Bytes>& excluded,
                           bool critical) {
  auto subtrees = [](const std::vector<Bytes>& bases) {
    Bytes out;
    for (const Bytes& base : bases) {
      const Bytes subtree = seq({base});
      out.insert(out.end(), subtree.begin(), subtree.end());
    }
    return out;
  };
  Bytes fields;
  if (!permitted.empty()) {
    const Bytes p = ctx_cons(0, subtrees(permitted));
    fields.insert(fields.end(), p.begin(), p.end());
  }
  if (!excluded.empty()) {
    const Bytes e = ctx_cons(1, subtrees(excluded));
    fields.insert(fields.end(), e.begin(), e.end());
  }
  return extension("2.5.29.30", critical, tlv(0x30, fields));
}

Bytes ext_policies(std::initializer_list<std::string_view> policies) {
  std::vector<Bytes> infos;
  for (std::string_view policy : policies)
    infos.push_back(seq({oid(policy)}));
  return extension("2.5.29.32", false, seq_of(infos));
}

Bytes ext_policy_mappings(
    std::initializer_list<std::pair<std::string_view, std::string_view>> mappings) {
  std::vector<Bytes> items;
  for (const auto& [issuer_domain, subject_domain] : mappings) {
    items.push_back(seq({oid(issuer_domain), oid(subject_domain)}));
  }
  return extension("2.5.29.33", true, seq_of(items));
}

Bytes ext_policy_constraints(std::optional<int> require_explicit,
                             std::optional<int> inhibit_mapping, bool critical) {
  Bytes fields;
  auto add_int = [&fields](std::uint8_t number, int value) {
    const Bytes encoded = integer(value);
    // [n] IMPLICIT INTEGER: the INTEGER's contents under a context tag.
    const Bytes tagged = ctx(number, Bytes(encoded.begin() + 2, encoded.end()));
    fields.insert(fields.end(), tagged.begin(), tagged.end());
  };
  if (require_explicit) add_int(0, *require_explicit);
  if (inhibit_mapping) add_int(1, *inhibit_mapping);
  return extension("2.5.29.36", critical, tlv(0x30, fields));
}

Bytes ext_inhibit_any_policy(int skip, bool critical) {
  return extension("2.5.29.54", critical, integer(skip));
}

Bytes ext_ski(const Bytes& id, bool critical) {
  return extension("2.5.29.14", critical, octets(id));
}

Bytes ext_aki(const Bytes& id, bool critical) {
  return extension("2.5.29.35", critical, seq({ctx(0, id)}));
}

Bytes ext_unknown_critical() {
  return extension("1.3.6.1.4.1.55738.666.1", true, null());
}

Bytes email(std::string_view mailbox) {
  return ctx(1, text_bytes(mailbox));
}
Bytes uri(std::string_view text) {
  return ctx(6, text_bytes(text));
}
Bytes dir_name(const Bytes& name_element) {
  return ctx_cons(4, name_element);
}
Bytes ip_net(const Bytes& address_and_mask) {
  return ctx(7, address_and_mask);
}
Bytes other_name(std::string_view type_oid, const Bytes& value) {
  return ctx_cons(0, concat({oid(type_oid), ctx_cons(0, value)}));
}

Bytes key_id(const Bytes& spki) {
  Bytes digest(32);
  EXPECT_TRUE(crypto::hash_once(test_provider(), crypto::HashAlgorithm::sha256, spki, digest));
  digest.resize(20);
  return digest;
}

Entity issue(const CertSpec& spec, const TestKey& key, const Entity* issuer) {
  const TestKey& signer = issuer != nullptr ? issuer->key : key;
  const Signing signing = signing_for(signer.type);
  const Bytes spki = spec.spki.value_or(key.spki);
  const Bytes id = key_id(spki);
  std::vector<Bytes> extensions = spec.extensions;
  if (spec.subject_key_id) extensions.push_back(ext_ski(id));
  if (spec.authority_key_id && issuer != nullptr) extensions.push_back(ext_aki(issuer->key_id));

  Bytes body;
  auto add = [&body](const Bytes& part) { body.insert(body.end(), part.begin(), part.end()); };
  if (spec.version != 1) add(ctx_cons(0, integer(spec.version - 1)));
  add(spec.serial.value_or(fresh_serial()));
  add(signing.algorithm_identifier);
  add(spec.issuer_name.value_or(issuer != nullptr ? issuer->subject : spec.subject));
  add(seq({encode_time(spec.not_before), encode_time(spec.not_after)}));
  add(spec.subject);
  add(spki);
  if (!extensions.empty()) add(ctx_cons(3, seq_of(extensions)));
  const Bytes tbs = tlv(0x30, body);

  auto signature = signer.key->sign(signing.algorithm, tbs);
  EXPECT_TRUE(signature.has_value()) << (signature ? "" : signature.error().reason());
  Bytes signature_bytes = signature ? *signature : Bytes(64, 0);
  if (spec.corrupt_signature) signature_bytes[signature_bytes.size() / 2] ^= 0x01;
  auto parsed =
      ParsedCertificate::parse(seq({tbs, signing.algorithm_identifier, bits(signature_bytes)}));
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().reason());
  if (!parsed) std::abort();
  return Entity{std::move(*parsed), key, spec.subject, id};
}

CertSpec root_spec(std::string_view common_name) {
  CertSpec spec;
  spec.subject = cn(common_name);
  spec.extensions = {ext_basic_constraints(true), ext_key_usage(kKeyCertSign | kCrlSign)};
  return spec;
}

CertSpec ca_spec(std::string_view common_name, std::optional<int> path_length) {
  CertSpec spec;
  spec.subject = cn(common_name);
  spec.extensions = {ext_basic_constraints(true, path_length),
                     ext_key_usage(kKeyCertSign | kCrlSign)};
  return spec;
}

CertSpec leaf_spec(std::string_view host) {
  CertSpec spec;
  spec.subject = cn(host);
  spec.extensions = {ext_basic_constraints(false), ext_key_usage(kDigitalSignature),
                     ext_eku({kServerAuth}), ext_san({dns(host)})};
  return spec;
}

Entity make_root(std::string_view common_name) {
  return issue(root_spec(common_name), make_key(), nullptr);
}

Entity make_ca(std::string_view common_name, const Entity& issuer, std::optional<int> path_length) {
  return issue(ca_spec(common_name, path_length), make_key(), &issuer);
}

Entity make_leaf(const Entity& issuer, std::string_view host) {
  return issue(leaf_spec(host), make_key(), &issuer);
}

VerifyOptions options_for(std::string_view host) {
  VerifyOptions options;
  options.time = kNow;
  options.host = std::string(host);
  return options;
}

Expected<CertificateVerified> verify_chain(const Entity& leaf,
                                           const std::vector<const Entity*>& intermediates,
                                           const std::vector<const Entity*>& anchors,
                                           const VerifyOptions& options) {
  TrustStore trust;
  for (const Entity* anchor : anchors)
    trust.add(anchor->certificate);
  std::vector<ParsedCertificate> chain;
  for (const Entity* intermediate : intermediates)
    chain.push_back(intermediate->certificate);
  return verify_certificate(test_provider(), trust, leaf.certificate, chain, options);
}

std::string reason_of(const Expected<CertificateVerified>& result) {
  return result ? std::string() : result.error().reason();
}

}  // namespace cpptls::x509::testing
