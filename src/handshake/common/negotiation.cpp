#include "handshake/common/negotiation.hpp"

#include <algorithm>
#include <string>

#include "base/printable.hpp"
#include "wire/enums.hpp"

namespace cpptls::handshake {
namespace {

using crypto::KeyExchange;
using crypto::KeyType;
using crypto::SignatureKind;

bool is_ec(KeyType key) noexcept {
  return key == KeyType::ec_p256 || key == KeyType::ec_p384;
}

// Why the best ECDHE candidate failed, for the reason of a handshake_failure.
struct Misses {
  bool key = false;
  bool group = false;
  bool scheme = false;
};

}  // namespace

bool key_serves(KeyExchange kx, KeyType key) noexcept {
  switch (kx) {
    case KeyExchange::ecdhe_ecdsa:
      return is_ec(key) || key == KeyType::ed25519;
    case KeyExchange::ecdhe_rsa:
      return key == KeyType::rsa || key == KeyType::rsa_pss;
    case KeyExchange::rsa:
      return key == KeyType::rsa;
    case KeyExchange::any:
      return false;
  }
  return false;
}

bool scheme_fits_key_tls12(crypto::SignatureScheme scheme, KeyType key) noexcept {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr) return false;
  if (info->algorithm.kind == SignatureKind::ecdsa) return is_ec(key);
  return info->key_type == key;
}

bool key_large_enough(crypto::SignatureScheme scheme, std::size_t key_bits) noexcept {
  const crypto::SignatureSchemeInfo* info = crypto::find_scheme(scheme);
  if (info == nullptr || info->algorithm.kind != SignatureKind::rsa_pss) return true;
  const std::size_t em_len = key_bits == 0 ? 0 : (key_bits - 1 + 7) / 8;
  return em_len >= crypto::digest_size(info->algorithm.hash) +
                       std::size_t{info->algorithm.pss_salt_length} + 2;
}

std::vector<crypto::SignatureScheme> tls12_implied_signature_schemes(KeyExchange kx) {
  if (kx == KeyExchange::ecdhe_ecdsa) return {crypto::SignatureScheme::ecdsa_sha1};
  return {crypto::SignatureScheme::rsa_pkcs1_sha1};
}

std::optional<crypto::NamedGroup> choose_group(
    std::span<const crypto::NamedGroup> ours, std::span<const crypto::NamedGroup> theirs) noexcept {
  for (const crypto::NamedGroup group : ours) {
    if (crypto::find_group(group) != nullptr && contains(theirs, group)) return group;
  }
  return std::nullopt;
}

std::optional<crypto::SignatureScheme> choose_tls12_signature_scheme(
    std::span<const crypto::SignatureScheme> ours, std::span<const crypto::SignatureScheme> theirs,
    KeyType key, std::size_t key_bits) noexcept {
  for (const crypto::SignatureScheme scheme : ours) {
    if (scheme_fits_key_tls12(scheme, key) && key_large_enough(scheme, key_bits) &&
        contains(theirs, scheme))
      return scheme;
  }
  return std::nullopt;
}

Expected<std::optional<std::string>> choose_alpn(std::span<const std::string> ours,
                                                 std::span<const ByteView> theirs) {
  if (ours.empty() || theirs.empty()) return std::optional<std::string>();
  for (const std::string& protocol : ours) {
    for (const ByteView offered : theirs) {
      if (as_chars(offered) == protocol) return std::optional<std::string>(protocol);
    }
  }
  std::string offered;
  for (std::size_t i = 0; i < theirs.size() && i < 8; ++i) {
    if (i > 0) offered += ", ";
    offered += "\"" + printable(theirs[i]) + "\"";
  }
  std::string allowed;
  for (std::size_t i = 0; i < ours.size() && i < 8; ++i) {
    if (i > 0) allowed += ", ";
    allowed += "\"" + ours[i] + "\"";
  }
  return fail(ErrorKind::peer_incompatible, ErrorCode::no_application_protocol,
              AlertDescription::no_application_protocol,
              "no application protocol in common (RFC 7301 3.2): the client offered " + offered +
                  ", the server allows " + allowed);
}

Expected<Tls12Choice> choose_tls12(const Tls12Preferences& server, const Tls12Offer& client) {
  Misses misses;
  bool any_offered = false;
  for (const crypto::CipherSuite id : server.suites) {
    const crypto::CipherSuiteInfo* suite = crypto::find_suite(id);
    if (suite == nullptr || suite->version != crypto::SuiteVersion::tls12) continue;
    if (!contains(client.suites, id)) continue;
    any_offered = true;
    if (!key_serves(suite->key_exchange, server.key)) {
      misses.key = true;
      continue;
    }
    if (suite->key_exchange == KeyExchange::rsa) return Tls12Choice{suite, {}, {}};

    // RFC 8422 4: without supported_groups the server may choose any curve.
    const std::optional<crypto::NamedGroup> group =
        client.groups ? choose_group(server.groups, *client.groups)
                      : choose_group(server.groups, server.groups);
    if (!group) {
      misses.group = true;
      continue;
    }
    const std::vector<crypto::SignatureScheme> implied =
        tls12_implied_signature_schemes(suite->key_exchange);
    const std::span<const crypto::SignatureScheme> theirs =
        client.schemes ? *client.schemes : std::span<const crypto::SignatureScheme>(implied);
    const std::optional<crypto::SignatureScheme> scheme =
        choose_tls12_signature_scheme(server.schemes, theirs, server.key, server.key_bits);
    if (!scheme) {
      misses.scheme = true;
      continue;
    }
    return Tls12Choice{suite, group, scheme};
  }

  std::string reason = "no TLS 1.2 cipher suite in common: the client offered " +
                       list_names(client.suites) + "; the server allows " +
                       list_names(server.suites) + " with a " + std::string(describe(server.key)) +
                       " key";
  if (any_offered) {
    if (misses.key) reason += "; a suite both allow needs another kind of key";
    if (misses.group) {
      reason += "; no group in common (client: " +
                (client.groups ? list_names(*client.groups) : std::string("none")) +
                ", server: " + list_names(server.groups) + ")";
    }
    if (misses.scheme) {
      reason += "; no signature scheme the key can make that the client accepts (client: " +
                (client.schemes ? list_names(*client.schemes)
                                : std::string("no signature_algorithms, so SHA-1 only")) +
                ")";
    }
  }
  return fail(ErrorKind::peer_incompatible, ErrorCode::handshake_failure,
              AlertDescription::handshake_failure, std::move(reason));
}

std::string_view describe(KeyType key) noexcept {
  switch (key) {
    case KeyType::rsa:
      return "RSA";
    case KeyType::rsa_pss:
      return "RSA-PSS";
    case KeyType::ec_p256:
      return "ECDSA P-256";
    case KeyType::ec_p384:
      return "ECDSA P-384";
    case KeyType::ed25519:
      return "Ed25519";
  }
  return "unknown";
}

}  // namespace cpptls::handshake
