#pragma once
// The server as the client knows it after the Certificate message: the seed's step 3, "the
// client authenticates the server". Only authenticate() makes a ServerIdentity, and the
// client's states after Certificate hold one, so they cannot be reached without the chain
// having been verified, or verification having been turned off by the configuration
// (architecture rule 5).

#include <memory>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "crypto/descriptors.hpp"
#include "crypto/provider.hpp"
#include "handshake/common/settings.hpp"
#include "wire/messages/certificate.hpp"
#include "x509/certificate.hpp"
#include "x509/verify.hpp"

namespace cpptls::hs12 {

class ServerIdentity {
 public:
  ServerIdentity(ServerIdentity&&) noexcept = default;
  ServerIdentity& operator=(ServerIdentity&&) noexcept = default;
  ServerIdentity(const ServerIdentity&) = delete;
  ServerIdentity& operator=(const ServerIdentity&) = delete;
  ~ServerIdentity() = default;

  // Parses the chain; checks that the leaf's key can serve the suite's key exchange
  // (unsupported_certificate); verifies the chain and the name with x509::verify_certificate
  // against settings.trust at the provider's time, for server_auth (its failures carry the
  // verifier's alert: bad_certificate, unknown_ca, certificate_expired, ...), unless
  // settings.verify_peer is false; and reads the leaf's public key. An empty chain is a
  // decode_error (RFC 8446 4.4.2.4; RFC 5246 7.4.2 requires a certificate for every suite we
  // implement).
  [[nodiscard]] static Expected<ServerIdentity> authenticate(
      const handshake::ClientSettings& settings, const crypto::CipherSuiteInfo& suite,
      const wire::Certificate12& message);

  // As the server sent it, leaf first.
  [[nodiscard]] const std::vector<x509::ParsedCertificate>& chain() const noexcept {
    return chain_;
  }
  [[nodiscard]] const crypto::PublicKey& public_key() const noexcept { return *key_; }
  [[nodiscard]] crypto::KeyType key_type() const noexcept { return key_type_; }
  // True when a path to a trust anchor was verified.
  [[nodiscard]] bool verified() const noexcept { return verified_.has_value(); }

 private:
  ServerIdentity(std::vector<x509::ParsedCertificate> chain, std::unique_ptr<crypto::PublicKey> key,
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

}  // namespace cpptls::hs12
