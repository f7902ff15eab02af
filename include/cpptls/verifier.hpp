#pragma once
// Checking the peer's certificate beyond the trust anchors: SPKI pins and a verifier of your
// own (ClientConfig::pinned_spki_sha256, ClientConfig::verifier, ServerConfig::client_verifier).
//
// Whatever is added here is part of the policy a session is recorded under: a session
// established under one pin set or verifier is resumed only under the same one (or, with
// reverify_on_resume, only after the checks ran again on its chain). Resumption never widens
// whom a connection trusts (docs/design.md, "Security invariants").

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpptls/error.hpp"
#include "cpptls/provider.hpp"
#include "cpptls/result.hpp"

namespace cpptls {

// SHA-256 of a certificate's SubjectPublicKeyInfo: RFC 7469's pin-sha256 before base64 (what
// `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum` prints).
using SpkiPin = std::array<std::uint8_t, 32>;

// The pin of a DER certificate (SessionInfo::peer_chain.front(), or one given out of band).
// Fails when the certificate does not parse. Thread-safe.
[[nodiscard]] Result<SpkiPin> spki_pin_of(const crypto::Provider& provider,
                                          std::span<const std::uint8_t> certificate_der);

// The alerts a CertificateVerifier may refuse a peer with (RFC 8446 6.2, RFC 5246 7.2.2).
enum class CertificateAlert : std::uint8_t {
  handshake_failure = 40,  // for peers that expect only the generic alert
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  unknown_ca = 48,
  access_denied = 49,
};

// What a CertificateVerifier is called with; valid only during the call.
struct CertificateCheck {
  // The peer's chain as it sent it: DER, leaf first, never empty.
  std::span<const std::vector<std::uint8_t>> chain;
  // On a client, ClientConfig::server_name (may be empty); on a server, empty.
  std::string_view server_name;
  // What our own verification found (the path to the trust anchors, the name, the pins): null
  // when it passed. Under VerifierMode::after_ours always null: a verifier after ours is not
  // asked about a peer that ours refused.
  const TlsError* our_failure = nullptr;
  // Called again before a session is resumed (reverify_on_resume): `chain` is the session's,
  // and our verification has just run on it again.
  bool resumption = false;
};

// A verifier's answer.
class CertificateVerdict {
 public:
  [[nodiscard]] static CertificateVerdict accept() {
    return CertificateVerdict(true, {}, CertificateAlert::bad_certificate);
  }
  // The handshake fails with an error of kind certificate whose reason quotes `reason`, and
  // `alert` goes to the peer.
  [[nodiscard]] static CertificateVerdict refuse(
      std::string reason, CertificateAlert alert = CertificateAlert::bad_certificate) {
    return CertificateVerdict(false, std::move(reason), alert);
  }
  [[nodiscard]] bool accepted() const noexcept { return accepted_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  [[nodiscard]] CertificateAlert alert() const noexcept { return alert_; }

 private:
  CertificateVerdict(bool accepted, std::string reason, CertificateAlert alert)
      : accepted_(accepted), reason_(std::move(reason)), alert_(alert) {}
  bool accepted_;
  std::string reason_;
  CertificateAlert alert_;
};

// A check of the peer's certificate of your own: an allow-list of subjects, a revocation list,
// certificate transparency... verify() runs on the thread that drives the connection, for any
// number of connections at once: it must be thread-safe, and must not throw (a verifier that throws
// refuses, with certificate_unknown).
class CertificateVerifier {
 public:
  virtual ~CertificateVerifier() = default;
  [[nodiscard]] virtual CertificateVerdict verify(const CertificateCheck& check) const = 0;
  // Names what verify() decides; not empty. Sessions record it (hashed) with the verifier's
  // mode and are resumed only where both are the same: change it whenever verify() could
  // decide differently about the same chain (a key revoked, a rule added), or set
  // reverify_on_resume.
  [[nodiscard]] virtual std::string policy_name() const = 0;
};

// How a CertificateVerifier combines with our own verification.
enum class VerifierMode : std::uint8_t {
  // Called only after our verification passed; it can only refuse more. The default.
  after_ours,
  // Called whatever ours found (CertificateCheck::our_failure says what); its verdict alone
  // decides. Accepting a peer that our verification refused is then the verifier's doing.
  instead_of_ours,
};

}  // namespace cpptls
