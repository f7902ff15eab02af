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
  // An EC key holding only the domain parameters of P-256 or P-384 (OpenSSL's group name
  // "prime256v1" or "secp384r1"), to be duplicated and given a public point: EVP_PKEY_dup
  // copies the built group, where EVP_PKEY_fromdata builds it from the curve's constants
  // again (its Montgomery contexts included), three times the cost of the copy. Null for
  // another name or if libcrypto could not build it.
  [[nodiscard]] EVP_PKEY* ec_domain(std::string_view group_name) const noexcept;

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
  EvpPkey p256_domain_;
  EvpPkey p384_domain_;
};

// Names for error reasons ("SHA-256", "AES-128-GCM").
[[nodiscard]] std::string_view algorithm_name(HashAlgorithm hash) noexcept;
[[nodiscard]] std::string_view algorithm_name(AeadAlgorithm aead) noexcept;

}  // namespace cpptls::crypto::openssl
