#pragma once
// What the public X.509 types (include/cpptls/x509.hpp) hold: the library's own parsed
// certificate and private key, so that the rest of the library can take them without copies.

#include <cstdint>
#include <memory>
#include <vector>

#include "cpptls/x509.hpp"

#include "crypto/provider.hpp"
#include "x509/certificate.hpp"

namespace cpptls::detail {

struct CertificateData {
  x509::ParsedCertificate parsed;
  std::vector<std::uint8_t> der;  // the same bytes, for Certificate::der()'s reference
};

struct PrivateKeyData {
  const crypto::Provider* provider = nullptr;
  std::unique_ptr<crypto::PrivateKey> key;
  std::vector<std::uint8_t> public_key_info;
};

}  // namespace cpptls::detail

namespace cpptls::api {

// The public certificate for a parsed one (shares its bytes).
[[nodiscard]] Certificate to_public(x509::ParsedCertificate parsed);

}  // namespace cpptls::api
