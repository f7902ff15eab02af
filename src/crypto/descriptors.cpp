#include "crypto/descriptors.hpp"

#include <array>

namespace cpptls::crypto {
namespace {

using enum HashAlgorithm;

constexpr std::uint64_t kGcmRecordLimit = std::uint64_t{1} << 24;
constexpr std::uint64_t kNoPracticalLimit = ~std::uint64_t{0};

constexpr std::array<AeadInfo, 3> kAeads = {{
    {AeadAlgorithm::aes_128_gcm, "AES-128-GCM", 16, kGcmRecordLimit},
    {AeadAlgorithm::aes_256_gcm, "AES-256-GCM", 32, kGcmRecordLimit},
    {AeadAlgorithm::chacha20_poly1305, "ChaCha20-Poly1305", 32, kNoPracticalLimit},
}};

constexpr CipherSuiteInfo tls13(CipherSuite id, std::string_view name, AeadAlgorithm aead,
                                HashAlgorithm hash) {
  return {id, name, SuiteVersion::tls13, KeyExchange::any, aead, hash, 0, 0};
}

constexpr CipherSuiteInfo tls12(CipherSuite id, std::string_view name, KeyExchange kx,
                                AeadAlgorithm aead, HashAlgorithm hash) {
  const bool chacha = aead == AeadAlgorithm::chacha20_poly1305;
  return {id, name, SuiteVersion::tls12, kx, aead, hash, chacha ? 12U : 4U, chacha ? 0U : 8U};
}

#define CPPTLS_SUITE(id) CipherSuite::id, #id
constexpr std::array<CipherSuiteInfo, 11> kSuites = {{
    tls13(CPPTLS_SUITE(TLS_AES_128_GCM_SHA256), AeadAlgorithm::aes_128_gcm, sha256),
    tls13(CPPTLS_SUITE(TLS_AES_256_GCM_SHA384), AeadAlgorithm::aes_256_gcm, sha384),
    tls13(CPPTLS_SUITE(TLS_CHACHA20_POLY1305_SHA256), AeadAlgorithm::chacha20_poly1305, sha256),
    tls12(CPPTLS_SUITE(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), KeyExchange::ecdhe_ecdsa,
          AeadAlgorithm::aes_128_gcm, sha256),
    tls12(CPPTLS_SUITE(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384), KeyExchange::ecdhe_ecdsa,
          AeadAlgorithm::aes_256_gcm, sha384),
    tls12(CPPTLS_SUITE(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256), KeyExchange::ecdhe_ecdsa,
          AeadAlgorithm::chacha20_poly1305, sha256),
    tls12(CPPTLS_SUITE(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), KeyExchange::ecdhe_rsa,
          AeadAlgorithm::aes_128_gcm, sha256),
    tls12(CPPTLS_SUITE(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384), KeyExchange::ecdhe_rsa,
          AeadAlgorithm::aes_256_gcm, sha384),
    tls12(CPPTLS_SUITE(TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256), KeyExchange::ecdhe_rsa,
          AeadAlgorithm::chacha20_poly1305, sha256),
    tls12(CPPTLS_SUITE(TLS_RSA_WITH_AES_128_GCM_SHA256), KeyExchange::rsa,
          AeadAlgorithm::aes_128_gcm, sha256),
    tls12(CPPTLS_SUITE(TLS_RSA_WITH_AES_256_GCM_SHA384), KeyExchange::rsa,
          AeadAlgorithm::aes_256_gcm, sha384),
}};
#undef CPPTLS_SUITE

constexpr std::array<GroupInfo, 3> kGroups = {{
    {NamedGroup::x25519, "x25519", 32, 32},
    {NamedGroup::secp256r1, "secp256r1", 65, 32},
    {NamedGroup::secp384r1, "secp384r1", 97, 48},
}};

constexpr SignatureSchemeInfo pss_rsae(SignatureScheme id, std::string_view name,
                                       HashAlgorithm hash) {
  return {id,
          name,
          {SignatureKind::rsa_pss, hash, static_cast<std::uint16_t>(digest_size(hash))},
          KeyType::rsa,
          true};
}
constexpr SignatureSchemeInfo pss_pss(SignatureScheme id, std::string_view name,
                                      HashAlgorithm hash) {
  return {id,
          name,
          {SignatureKind::rsa_pss, hash, static_cast<std::uint16_t>(digest_size(hash))},
          KeyType::rsa_pss,
          true};
}

#define CPPTLS_SCHEME(id) SignatureScheme::id, #id
constexpr std::array<SignatureSchemeInfo, 12> kSchemes = {{
    {CPPTLS_SCHEME(ecdsa_secp256r1_sha256), {SignatureKind::ecdsa, sha256}, KeyType::ec_p256, true},
    {CPPTLS_SCHEME(ecdsa_secp384r1_sha384), {SignatureKind::ecdsa, sha384}, KeyType::ec_p384, true},
    {CPPTLS_SCHEME(ed25519), {SignatureKind::ed25519, sha512}, KeyType::ed25519, true},
    pss_rsae(CPPTLS_SCHEME(rsa_pss_rsae_sha256), sha256),
    pss_rsae(CPPTLS_SCHEME(rsa_pss_rsae_sha384), sha384),
    pss_rsae(CPPTLS_SCHEME(rsa_pss_rsae_sha512), sha512),
    pss_pss(CPPTLS_SCHEME(rsa_pss_pss_sha256), sha256),
    pss_pss(CPPTLS_SCHEME(rsa_pss_pss_sha384), sha384),
    pss_pss(CPPTLS_SCHEME(rsa_pss_pss_sha512), sha512),
    {CPPTLS_SCHEME(rsa_pkcs1_sha256), {SignatureKind::rsa_pkcs1, sha256}, KeyType::rsa, false},
    {CPPTLS_SCHEME(rsa_pkcs1_sha384), {SignatureKind::rsa_pkcs1, sha384}, KeyType::rsa, false},
    {CPPTLS_SCHEME(rsa_pkcs1_sha512), {SignatureKind::rsa_pkcs1, sha512}, KeyType::rsa, false},
}};
#undef CPPTLS_SCHEME

template <class Table, class Id>
constexpr auto find_by_id(const Table& table, Id id) noexcept -> decltype(&table[0]) {
  for (const auto& entry : table) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

template <class Table>
constexpr auto find_by_name(const Table& table, std::string_view name) noexcept
    -> decltype(&table[0]) {
  for (const auto& entry : table) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

const AeadInfo& aead_info(AeadAlgorithm aead) noexcept {
  for (const auto& entry : kAeads) {
    if (entry.algorithm == aead) return entry;
  }
  return kAeads[0];  // unreachable: the enum has exactly these values
}

const CipherSuiteInfo* find_suite(CipherSuite id) noexcept {
  return find_by_id(kSuites, id);
}
const GroupInfo* find_group(NamedGroup id) noexcept {
  return find_by_id(kGroups, id);
}
const SignatureSchemeInfo* find_scheme(SignatureScheme id) noexcept {
  return find_by_id(kSchemes, id);
}

const CipherSuiteInfo* find_suite(std::string_view name) noexcept {
  return find_by_name(kSuites, name);
}
const GroupInfo* find_group(std::string_view name) noexcept {
  return find_by_name(kGroups, name);
}
const SignatureSchemeInfo* find_scheme(std::string_view name) noexcept {
  return find_by_name(kSchemes, name);
}

std::span<const CipherSuiteInfo> all_suites() noexcept {
  return kSuites;
}
std::span<const GroupInfo> all_groups() noexcept {
  return kGroups;
}
std::span<const SignatureSchemeInfo> all_schemes() noexcept {
  return kSchemes;
}

std::string_view name(HashAlgorithm hash) noexcept {
  switch (hash) {
    case HashAlgorithm::sha256:
      return "SHA-256";
    case HashAlgorithm::sha384:
      return "SHA-384";
    case HashAlgorithm::sha512:
      return "SHA-512";
  }
  return "unknown";
}

std::string_view name(AeadAlgorithm aead) noexcept {
  return aead_info(aead).name;
}

}  // namespace cpptls::crypto
