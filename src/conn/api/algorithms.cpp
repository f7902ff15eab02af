#include "cpptls/algorithms.hpp"

#include "conn/api/convert.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/descriptors.hpp"
#include "wire/algorithm_lists.hpp"
#include "wire/enums.hpp"

namespace cpptls {
namespace {

// The public enums carry the IANA values, so conversion is a cast; these pin that the two
// lists agree where they overlap.
static_assert(
    static_cast<std::uint16_t>(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) ==
    static_cast<std::uint16_t>(crypto::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
static_assert(static_cast<std::uint16_t>(CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384) ==
              static_cast<std::uint16_t>(crypto::CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384));
static_assert(static_cast<std::uint16_t>(NamedGroup::x25519) ==
              static_cast<std::uint16_t>(crypto::NamedGroup::x25519));
static_assert(static_cast<std::uint16_t>(SignatureScheme::rsa_pss_pss_sha512) ==
              static_cast<std::uint16_t>(crypto::SignatureScheme::rsa_pss_pss_sha512));

}  // namespace

std::string_view name(CipherSuite suite) noexcept {
  return wire::name(static_cast<crypto::CipherSuite>(suite));
}

std::string_view name(NamedGroup group) noexcept {
  return wire::name(static_cast<crypto::NamedGroup>(group));
}

std::string_view name(SignatureScheme scheme) noexcept {
  // Only what we implement has a name here: the public enum lists nothing else.
  const crypto::SignatureSchemeInfo* info =
      crypto::find_scheme(static_cast<crypto::SignatureScheme>(scheme));
  return info == nullptr ? std::string_view() : info->name;
}

Result<std::vector<CipherSuite>> parse_cipher_suites(std::string_view comma_list) {
  auto parsed = wire::parse_cipher_suites(comma_list);
  if (!parsed) return api::to_public(parsed.error());
  std::vector<CipherSuite> out;
  out.reserve(parsed->size());
  for (const auto suite : *parsed)
    out.push_back(static_cast<CipherSuite>(suite));
  return out;
}

Result<std::vector<NamedGroup>> parse_groups(std::string_view comma_list) {
  auto parsed = wire::parse_named_groups(comma_list);
  if (!parsed) return api::to_public(parsed.error());
  std::vector<NamedGroup> out;
  out.reserve(parsed->size());
  for (const auto group : *parsed)
    out.push_back(static_cast<NamedGroup>(group));
  return out;
}

Result<std::vector<SignatureScheme>> parse_signature_schemes(std::string_view comma_list) {
  auto parsed = wire::parse_signature_schemes(comma_list);
  if (!parsed) return api::to_public(parsed.error());
  std::vector<SignatureScheme> out;
  out.reserve(parsed->size());
  for (const auto scheme : *parsed)
    out.push_back(static_cast<SignatureScheme>(scheme));
  return out;
}

}  // namespace cpptls
