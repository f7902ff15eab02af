#include "cpptls/provider.hpp"

#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls {

const crypto::Provider& openssl_provider() {
  return crypto::openssl::provider();
}

}  // namespace cpptls
