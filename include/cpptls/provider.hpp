#pragma once
// The cryptographic provider a configuration names. Cryptography comes from a provider passed
// in with each configuration, never from a hidden global default, so that tests and fuzzers
// can substitute a deterministic one.

#include <string>

namespace cpptls {

namespace crypto {
class Provider;  // opaque here; implemented over OpenSSL 3's libcrypto
}  // namespace crypto

// The production provider: OpenSSL 3's libcrypto. Built on first use; safe to share between
// threads and connections; lives until the process ends.
[[nodiscard]] const crypto::Provider& openssl_provider();

// The provider's name and the version of what it runs on, for logs and `--version`:
// "OpenSSL libcrypto (OpenSSL 3.0.19 1 Jul 2025)".
[[nodiscard]] std::string provider_description(const crypto::Provider& provider);

}  // namespace cpptls
