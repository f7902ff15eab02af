#pragma once
// The peer as a handshake knows it after its Certificate message, in either role and version:
// the chain parsed, verified against the configured anchors for the purpose (a server for
// serverAuth with the host name, a client for clientAuth), and the leaf's public key read.
// Only authenticate() makes a PeerIdentity, so the states after Certificate cannot be reached
// without verification, or verification turned off by the configuration (architecture
// rule 5).

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/peer_verifier.hpp"
#include "x509/certificate.hpp"
#include "x509/trust_store.hpp"
#include "x509/verify.hpp"

namespace cpptls::handshake {

struct PeerCheck {
  const crypto::Provider* provider = nullptr;
  // Null: the chain is parsed and its key read, but not verified.
  const x509::TrustStore* trust = nullptr;
  x509::Purpose purpose = x509::Purpose::server_auth;
  std::string_view host;  // server_auth only; empty: no name check
  // "server" or "client", for reasons.
  std::string_view peer = "server";
  // Not empty: the leaf's SubjectPublicKeyInfo SHA-256 must be one of these (a client's pins).
  std::span<const SpkiDigest> pins;
  // The application's verifier, told what our checks (trust, host, pins) found; and what it
  // is told besides.
  const VerifierPolicy* verifier = nullptr;
  std::string_view server_name;
  bool resumption = false;
};

class PeerIdentity {
 public:
  PeerIdentity(PeerIdentity&&) noexcept = default;
  PeerIdentity& operator=(PeerIdentity&&) noexcept = default;
  PeerIdentity(const PeerIdentity&) = delete;
  PeerIdentity& operator=(const PeerIdentity&) = delete;
  ~PeerIdentity() = default;

  // `certificates` as sent, leaf first; at least one (the caller refuses an empty list with the
  // alert its version needs). Parse failures name the certificate's position; verification
  // failures carry the verifier's alert (bad_certificate, unknown_ca, certificate_expired...);
  // a key we cannot use is unsupported_certificate; a leaf outside the pins is bad_certificate.
  // Then the verifier, if any: its refusal is the error; under replaces_ours its acceptance
  // stands even where our checks failed (the identity is then not verified()).
  [[nodiscard]] static Expected<PeerIdentity> authenticate(const PeerCheck& check,
                                                           std::span<const ByteView> certificates);

  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  [[nodiscard]] const x509::Certificate& leaf() const noexcept {
    return chain_.front().certificate();
  }
  [[nodiscard]] const crypto::PublicKey& public_key() const noexcept { return *key_; }
  [[nodiscard]] crypto::KeyType key_type() const noexcept { return key_type_; }
  // True when a path to a trust anchor was verified.
  [[nodiscard]] bool verified() const noexcept { return verified_.has_value(); }

 private:
  PeerIdentity(std::vector<x509::ParsedCertificate> chain, std::unique_ptr<crypto::PublicKey> key,
               crypto::KeyType key_type, std::optional<x509::CertificateVerified> verified)
      : chain_(std::move(chain)),
        key_(std::move(key)),
        key_type_(key_type),
        verified_(std::move(verified)) {}

  std::vector<x509::ParsedCertificate> chain_;
  std::unique_ptr<crypto::PublicKey> key_;
  crypto::KeyType key_type_;
  std::optional<x509::CertificateVerified> verified_;
};

}  // namespace cpptls::handshake
