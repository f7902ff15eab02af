#pragma once
// What a client or a server adds to its own verification of the peer's certificate: SPKI pins
// (client only) and a verifier of the application's own (the public CertificateVerifier,
// adapted by the connection layer). Both are part of the policy a session records, so that a
// session verified under one of them is never resumed under another (docs/design.md,
// "Security invariants", 2).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "x509/certificate.hpp"

namespace cpptls::handshake {

// SHA-256 of a SubjectPublicKeyInfo (RFC 7469 2.4's pin-sha256, before base64).
using SpkiDigest = std::array<std::uint8_t, 32>;
// A SHA-256 that stands for a part of a policy (a pin set, a verifier) in a session's record;
// all zero when the policy has no such part.
using PolicyDigest = std::array<std::uint8_t, 32>;

[[nodiscard]] Expected<SpkiDigest> spki_digest(const crypto::Provider& provider,
                                               const x509::Certificate& certificate);
// The digest of a pin set, independent of the pins' order; zero for none.
[[nodiscard]] Expected<PolicyDigest> pins_digest(const crypto::Provider& provider,
                                                 std::vector<SpkiDigest> pins);

// What a verifier is called with.
struct PeerVerifierInput {
  std::span<const x509::ParsedCertificate> chain;  // as sent, leaf first; not empty
  std::string_view server_name;                    // a client's configured name; may be empty
  std::string_view peer;                           // "server" or "client", for reasons
  const Error* our_failure = nullptr;              // null: our own verification passed
  bool resumption = false;                         // called again for a resumed session
};

class PeerVerifier {
 public:
  virtual ~PeerVerifier() = default;
  // Nothing: the peer is accepted. An error: the handshake fails with it (kind certificate,
  // a certificate alert, a reason that says the application refused).
  [[nodiscard]] virtual Expected<void> verify(const PeerVerifierInput& input) const = 0;
};

struct VerifierPolicy {
  std::shared_ptr<const PeerVerifier> verifier;  // never null in a policy in use
  // The application's name for what verify() decides; a session records its digest.
  std::string policy_name;
  // The verifier decides alone, told what ours found; otherwise it is called only after ours
  // passed and can only refuse.
  bool replaces_ours = false;
  // Before a session is resumed, our verification and the verifier run again on its chain.
  bool reverify_on_resume = false;

  // SHA-256 over the mode and the policy name: what a session records of this verifier.
  [[nodiscard]] Expected<PolicyDigest> digest(const crypto::Provider& provider) const;
};

}  // namespace cpptls::handshake
