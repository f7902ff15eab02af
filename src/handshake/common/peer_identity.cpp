#include "handshake/common/peer_identity.hpp"

#include <algorithm>
#include <utility>

#include "base/hex.hpp"

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
  std::optional<Error> our_failure;
  if (check.trust != nullptr) {
    x509::VerifyOptions options;
    options.time = check.provider->now();
    options.purpose = check.purpose;
    options.host = std::string(check.host);
    auto path = x509::verify_certificate(*check.provider, *check.trust, chain.front(),
                                         std::span<const x509::ParsedCertificate>(chain).subspan(1),
                                         options);
    if (path)
      verified.emplace(std::move(*path));
    else
      our_failure.emplace(std::move(path.error()));
  }
  const bool verifier_decides = check.verifier != nullptr && check.verifier->verifier != nullptr &&
                                check.verifier->replaces_ours;
  if (check.trust == nullptr && check.pins.empty() && verifier_decides) {
    // Nothing of ours ran: the verifier is told so rather than that ours passed.
    our_failure.emplace(ErrorKind::certificate, ErrorCode::certificate_untrusted,
                        AlertDescription::certificate_unknown,
                        "no trust anchors are configured to verify the " + peer + "'s chain");
  }
  if (!our_failure && !check.pins.empty()) {
    auto digest = spki_digest(*check.provider, leaf);
    if (!digest) return Unexpected<Error>(std::move(digest.error()));
    if (std::find(check.pins.begin(), check.pins.end(), *digest) == check.pins.end()) {
      our_failure.emplace(ErrorKind::certificate, ErrorCode::certificate_untrusted,
                          AlertDescription::bad_certificate,
                          "the " + peer + "'s certificate " + leaf.describe() +
                              " has a public key (SPKI SHA-256 " + to_hex(*digest) +
                              ") that is not among the pinned keys");
    }
  }
  if (check.verifier != nullptr && check.verifier->verifier != nullptr) {
    // After ours, the verifier can only refuse more: it is not asked about a peer we refused.
    if (our_failure && !check.verifier->replaces_ours)
      return Unexpected<Error>(std::move(*our_failure));
    PeerVerifierInput input;
    input.chain = chain;
    input.server_name = check.server_name;
    input.peer = check.peer;
    input.our_failure = our_failure ? &*our_failure : nullptr;
    input.resumption = check.resumption;
    if (auto accepted = check.verifier->verifier->verify(input); !accepted)
      return Unexpected<Error>(std::move(accepted.error()));
  } else if (our_failure) {
    return Unexpected<Error>(std::move(*our_failure));
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
