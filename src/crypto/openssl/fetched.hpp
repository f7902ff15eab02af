#pragma once
// The algorithm handles the provider fetches once, when it is built: digests, AEAD ciphers
// and HMAC. Objects made later (hashes, MACs, AEAD keys, signature contexts) use these
// handles, so no call fetches an algorithm by name again. A handle that libcrypto could not
// fetch (a FIPS-only configuration without ChaCha20, say) stays null and every use of it
// reports that.

#include <string_view>

#include "crypto/algorithms.hpp"
#include "crypto/openssl/handles.hpp"

namespace cpptls::crypto::openssl {

class Fetched {
 public:
  Fetched();

  [[nodiscard]] const EVP_MD* md(HashAlgorithm hash) const noexcept;
  [[nodiscard]] const EVP_CIPHER* cipher(AeadAlgorithm aead) const noexcept;
  // An HMAC context with the digest chosen (and a placeholder key), to be duplicated and
  // keyed: duplicating carries the digest over without another fetch.
  [[nodiscard]] const EVP_MAC_CTX* hmac_prototype(HashAlgorithm hash) const noexcept;

 private:
  EvpMd sha256_;
  EvpMd sha384_;
  EvpMd sha512_;
  EvpCipher aes_128_gcm_;
  EvpCipher aes_256_gcm_;
  EvpCipher chacha20_poly1305_;
  EvpMac hmac_;
  EvpMacCtx hmac_sha256_;
  EvpMacCtx hmac_sha384_;
  EvpMacCtx hmac_sha512_;
};

// Names for error reasons ("SHA-256", "AES-128-GCM").
[[nodiscard]] std::string_view algorithm_name(HashAlgorithm hash) noexcept;
[[nodiscard]] std::string_view algorithm_name(AeadAlgorithm aead) noexcept;

}  // namespace cpptls::crypto::openssl
