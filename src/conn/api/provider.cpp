#include "cpptls/provider.hpp"

#include "crypto/openssl/openssl_provider.hpp"
#include "crypto/provider.hpp"

namespace cpptls {

const crypto::Provider& openssl_provider() {
  return crypto::openssl::provider();
}

std::string provider_description(const crypto::Provider& provider) {
  return std::string(provider.name()) + " (" + provider.version() + ")";
}

}  // namespace cpptls
