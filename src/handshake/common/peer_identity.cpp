#include "handshake/common/peer_identity.hpp"

#include <utility>

namespace cpptls::handshake {

Expected<PeerIdentity> PeerIdentity::authenticate(const PeerCheck& check,
                                                  std::span<const ByteView> certificates) {
  const std::string peer(check.peer);
  if (check.provider == nullptr) return internal_failure("no provider to check the " + peer);
  const std::size_t count = certificates.size();
  if (count == 0) return internal_failure("the " + peer + "'s empty chain reached authenticate()");

  std::vector<x509::ParsedCertificate> chain;
  chain.reserve(count);  // bounded by the message size: each entry has at least 3 bytes
  for (std::size_t i = 0; i < count; ++i) {
    auto certificate = x509::ParsedCertificate::copy_of(certificates[i]);
    if (!certificate) {
      const Error& error = certificate.error();
      return fail(error.kind(), error.code(), error.alert(),
                  peer + " certificate " + std::to_string(i + 1) + " of " + std::to_string(count) +
                      ": " + error.reason());
    }
    chain.push_back(std::move(*certificate));
  }
  const x509::Certificate& leaf = chain.front().certificate();
  const std::optional<crypto::KeyType> key_type = leaf.public_key().key_type;
  if (!key_type) {
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "the " + peer + "'s certificate " + leaf.describe() + " has a " +
                    leaf.public_key().describe() + " key, which TLS cannot use");
  }

  std::optional<x509::CertificateVerified> verified;
  if (check.trust != nullptr) {
    x509::VerifyOptions options;
    options.time = check.provider->now();
    options.purpose = check.purpose;
    options.host = std::string(check.host);
    auto path = x509::verify_certificate(*check.provider, *check.trust, chain.front(),
                                         std::span<const x509::ParsedCertificate>(chain).subspan(1),
                                         options);
    if (!path) return Unexpected<Error>(std::move(path.error()));
    verified.emplace(std::move(*path));
  }

  auto key = check.provider->public_key(leaf.public_key().spki);
  if (!key) {
    return fail(ErrorKind::certificate, ErrorCode::certificate_unsupported,
                AlertDescription::unsupported_certificate,
                "cannot use the key of the " + peer + "'s certificate " + leaf.describe() + ": " +
                    key.error().reason());
  }
  return PeerIdentity(std::move(chain), std::move(*key), *key_type, std::move(verified));
}

}  // namespace cpptls::handshake
