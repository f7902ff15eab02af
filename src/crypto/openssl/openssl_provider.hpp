#pragma once
// The production provider: OpenSSL 3's libcrypto through EVP. This header includes no
// OpenSSL header; everything OpenSSL stays in this folder's .cpp files.

#include "crypto/provider.hpp"

namespace cpptls::crypto::openssl {

// The process-wide instance, built (and its algorithms fetched) on first use. Thread-safe.
[[nodiscard]] const Provider& provider();

}  // namespace cpptls::crypto::openssl
