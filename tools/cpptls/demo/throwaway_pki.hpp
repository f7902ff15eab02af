#pragma once
// The demo's certificates, made at run time and never written to disk: a self-signed CA and a
// server certificate for "localhost" signed by it, with their keys (src/x509's certificate
// builder, keys from the crypto provider; the same recipe as `cpptls ca`).

#include <memory>
#include <string>

#include "base/error.hpp"
#include "base/wipe.hpp"
#include "crypto/provider.hpp"

namespace cpptls::tool::demo {

struct ThrowawayPki {
  std::string ca_pem;
  std::string ca_name;     // "CN=cpptls demo CA 1a2b...,O=cpptls"
  std::string server_pem;  // the leaf, then the CA (what a server sends)
  SecretBytes server_key_pem;
  std::unique_ptr<crypto::PrivateKey> server_key;
  std::string key_description;  // "RSA-2048", "ECDSA P-256"
};

inline constexpr std::string_view kDemoHost = "localhost";

// An RSA-2048 server key when `rsa` (the seed's RSA key transport needs one), else P-256.
[[nodiscard]] Expected<ThrowawayPki> make_throwaway_pki(const crypto::Provider& provider, bool rsa);

}  // namespace cpptls::tool::demo
