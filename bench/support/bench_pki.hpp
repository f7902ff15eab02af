#pragma once
// The certificates the TLS benchmarks serve and trust, made at start-up with libcrypto (no key
// is checked in): a self-signed root, an intermediate CA and a server leaf for kHost, all of
// one key type and signed with SHA-256, as a public web server's chain is.

#include <string>

namespace cpptls_bench {

inline constexpr const char* kHost = "www.bench.example.com";

enum class KeyType { ecdsa_p256, rsa2048 };

struct Pki {
  std::string root_pem;   // the trust anchor
  std::string chain_pem;  // the leaf, then the intermediate: what the server sends
  std::string key_pem;    // the leaf's private key (PKCS #8)
};

// Made on first use, once per key type, for the life of the process; throws on failure.
[[nodiscard]] const Pki& pki(KeyType type);

}  // namespace cpptls_bench
