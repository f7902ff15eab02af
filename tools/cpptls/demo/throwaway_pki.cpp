#include "throwaway_pki.hpp"

#include <cstring>
#include <ctime>
#include <random>

namespace cpptls::tool::demo {
namespace {

constexpr std::int64_t kBackdate = 3600;     // a peer whose clock lags still accepts it
constexpr std::int64_t kCaLifetime = 86400;  // one day: it lives for one run anyway
constexpr std::int64_t kLeafLifetime = std::int64_t{3} * 3600;  // inside the CA's validity

// Four random bytes in hex: tells demo CAs apart by name (not a secret).
[[nodiscard]] std::string name_suffix() {
  std::random_device source;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 4; ++i) {
    const unsigned byte = source() & 0xffu;
    text += kDigits[byte >> 4];
    text += kDigits[byte & 0x0fu];
  }
  return text;
}

}  // namespace

ThrowawayPki::~ThrowawayPki() {
  ::explicit_bzero(server_key_pem.data(), server_key_pem.size());
}

Result<ThrowawayPki> make_throwaway_pki(const crypto::Provider& provider, bool rsa) {
  ThrowawayPki pki;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));

  auto ca_key = PrivateKey::generate(provider, KeyType::ec_p256);
  if (!ca_key) return ca_key.error();
  CertificateRequest ca_request;
  ca_request.organization = "cpptls";
  ca_request.common_name = "cpptls demo CA " + name_suffix();
  ca_request.not_before = now - kBackdate;
  ca_request.not_after = now + kCaLifetime;
  ca_request.ca = true;
  ca_request.path_length = 0;
  auto ca = CertificateAuthority::create_root(*ca_key, ca_request);
  if (!ca) return ca.error();
  pki.ca_name = ca->certificate().subject();

  auto leaf_key = PrivateKey::generate(provider, rsa ? KeyType::rsa : KeyType::ec_p256);
  if (!leaf_key) return leaf_key.error();
  CertificateRequest leaf_request;
  leaf_request.common_name = std::string(kDemoHost);
  leaf_request.dns_names = {std::string(kDemoHost)};
  leaf_request.not_before = now - kBackdate;
  leaf_request.not_after = now + kLeafLifetime;
  leaf_request.server_auth = true;
  auto leaf = ca->issue(leaf_request, *leaf_key);
  if (!leaf) return leaf.error();
  auto key_pem = leaf_key->to_pem();
  if (!key_pem) return key_pem.error();

  pki.ca_pem = ca->certificate().to_pem();
  pki.server_pem = leaf->to_pem() + pki.ca_pem;
  pki.server_key_pem = std::move(*key_pem);
  pki.key_description = leaf_key->description();
  pki.server_key = std::move(*leaf_key);
  return pki;
}

}  // namespace cpptls::tool::demo
