#pragma once
// The server as the client knows it after the Certificate message: handshake step 3, "the
// client authenticates the server". Only authenticate() makes a ServerIdentity, and the
// client's states after Certificate hold one, so they cannot be reached without the chain
// having been verified, or verification having been turned off by the configuration
// (design rule 5). The verification itself is handshake::PeerIdentity's, shared with
// the server's check of a client certificate and with TLS 1.3; this adds what TLS 1.2 asks of
// a server certificate: one is required, and its key must serve the suite.

#include <vector>

#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/peer_identity.hpp"
#include "handshake/common/settings.hpp"
#include "wire/messages/certificate.hpp"
#include "x509/certificate.hpp"

namespace cpptls::hs12 {

class ServerIdentity {
 public:
  ServerIdentity(ServerIdentity&&) noexcept = default;
  ServerIdentity& operator=(ServerIdentity&&) noexcept = default;
  ServerIdentity(const ServerIdentity&) = delete;
  ServerIdentity& operator=(const ServerIdentity&) = delete;
  ~ServerIdentity() = default;

  // Parses the chain; verifies it under settings.server_auth (the chain against its anchors
  // for server_auth at the provider's time, and its name; failures carry the verifier's
  // alert: bad_certificate, unknown_ca, certificate_expired, ...); reads the leaf's public key; and
  // checks that it can serve the suite's key exchange (unsupported_certificate). An empty chain is
  // a decode_error (RFC 5246 7.4.2 requires a certificate for every suite we implement).
  [[nodiscard]] static Expected<ServerIdentity> authenticate(
      const handshake::ClientSettings& settings, const crypto::CipherSuiteInfo& suite,
      const wire::Certificate12& message);

  // As the server sent it, leaf first.
  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return peer_.chain();
  }
  [[nodiscard]] const crypto::PublicKey& public_key() const noexcept { return peer_.public_key(); }
  [[nodiscard]] crypto::KeyType key_type() const noexcept { return peer_.key_type(); }
  // True when a path to a trust anchor was verified.
  [[nodiscard]] bool verified() const noexcept { return peer_.verified(); }
  [[nodiscard]] const handshake::PeerIdentity& peer() const noexcept { return peer_; }

 private:
  explicit ServerIdentity(handshake::PeerIdentity peer) : peer_(std::move(peer)) {}

  handshake::PeerIdentity peer_;
};

}  // namespace cpptls::hs12
