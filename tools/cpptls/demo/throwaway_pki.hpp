#pragma once
// The demo's certificates, made at run time and never written to disk: a self-signed CA and a
// server certificate for "localhost" signed by it, with their keys (the public certificate
// builder, cpptls::CertificateAuthority; the same recipe as `cpptls ca`).

#include <optional>
#include <string>
#include <string_view>

#include "cpptls/x509.hpp"

namespace cpptls::tool::demo {

struct ThrowawayPki {
  ThrowawayPki() = default;
  ThrowawayPki(ThrowawayPki&&) noexcept = default;
  ThrowawayPki& operator=(ThrowawayPki&&) noexcept = default;
  ~ThrowawayPki();

  std::string ca_pem;
  std::string ca_name;         // "CN=cpptls demo CA 1a2b...,O=cpptls"
  std::string server_pem;      // the leaf, then the CA (what a server sends)
  std::string server_key_pem;  // PKCS#8; wiped when the PKI goes
  std::optional<PrivateKey> server_key;
  std::string key_description;  // "RSA-2048", "ECDSA P-256"
};

inline constexpr std::string_view kDemoHost = "localhost";

// An RSA-2048 server key when `rsa` (the classic handshake's RSA key transport needs one), else
// P-256.
[[nodiscard]] Result<ThrowawayPki> make_throwaway_pki(const crypto::Provider& provider, bool rsa);

}  // namespace cpptls::tool::demo
