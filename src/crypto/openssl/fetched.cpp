#include "crypto/openssl/fetched.hpp"

#include <array>
#include <string>

#include <openssl/core_names.h>

#include "crypto/openssl/library_error.hpp"

namespace cpptls::crypto::openssl {
namespace {

EvpMacCtx make_hmac_prototype(EVP_MAC* hmac, const EVP_MD* md) {
  if (hmac == nullptr || md == nullptr) return nullptr;
  EvpMacCtx ctx(EVP_MAC_CTX_new(hmac));
  if (!ctx) return nullptr;
  // OSSL_PARAM wants a mutable char*; the string outlives the call.
  std::string digest(EVP_MD_get0_name(md));
  const std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_end()};
  // A context must hold a key before it can be duplicated; each user replaces it.
  static constexpr unsigned char kPlaceholderKey[1] = {0};
  if (EVP_MAC_init(ctx.get(), kPlaceholderKey, sizeof kPlaceholderKey, params.data()) != 1) {
    return nullptr;
  }
  return ctx;
}

EvpPkey make_ec_domain(const char* group_name) {
  std::string name(group_name);
  const std::array<OSSL_PARAM, 2> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
      OSSL_PARAM_construct_end()};
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEY_PARAMETERS,
                        const_cast<OSSL_PARAM*>(params.data())) != 1) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return EvpPkey(key);
}

}  // namespace

Fetched::Fetched()
    : sha256_(EVP_MD_fetch(nullptr, "SHA2-256", nullptr)),
      sha384_(EVP_MD_fetch(nullptr, "SHA2-384", nullptr)),
      sha512_(EVP_MD_fetch(nullptr, "SHA2-512", nullptr)),
      aes_128_gcm_(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr)),
      aes_256_gcm_(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)),
      chacha20_poly1305_(EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr)),
      hmac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)),
      hmac_sha256_(make_hmac_prototype(hmac_.get(), sha256_.get())),
      hmac_sha384_(make_hmac_prototype(hmac_.get(), sha384_.get())),
      hmac_sha512_(make_hmac_prototype(hmac_.get(), sha512_.get())),
      p256_domain_(make_ec_domain("prime256v1")),
      p384_domain_(make_ec_domain("secp384r1")) {
  // A failed fetch is reported when the algorithm is used; its queued reason is not ours to
  // leave behind for an unrelated caller.
  clear_error_queue();
}

const EVP_MD* Fetched::md(HashAlgorithm hash) const noexcept {
  switch (hash) {
    case HashAlgorithm::sha256:
      return sha256_.get();
    case HashAlgorithm::sha384:
      return sha384_.get();
    case HashAlgorithm::sha512:
      return sha512_.get();
  }
  return nullptr;
}

const EVP_CIPHER* Fetched::cipher(AeadAlgorithm aead) const noexcept {
  switch (aead) {
    case AeadAlgorithm::aes_128_gcm:
      return aes_128_gcm_.get();
    case AeadAlgorithm::aes_256_gcm:
      return aes_256_gcm_.get();
    case AeadAlgorithm::chacha20_poly1305:
      return chacha20_poly1305_.get();
  }
  return nullptr;
}

const EVP_MAC_CTX* Fetched::hmac_prototype(HashAlgorithm hash) const noexcept {
  switch (hash) {
    case HashAlgorithm::sha256:
      return hmac_sha256_.get();
    case HashAlgorithm::sha384:
      return hmac_sha384_.get();
    case HashAlgorithm::sha512:
      return hmac_sha512_.get();
  }
  return nullptr;
}

EVP_PKEY* Fetched::ec_domain(std::string_view group_name) const noexcept {
  if (group_name == "prime256v1") return p256_domain_.get();
  if (group_name == "secp384r1") return p384_domain_.get();
  return nullptr;
}

std::string_view algorithm_name(HashAlgorithm hash) noexcept {
  switch (hash) {
    case HashAlgorithm::sha256:
      return "SHA-256";
    case HashAlgorithm::sha384:
      return "SHA-384";
    case HashAlgorithm::sha512:
      return "SHA-512";
  }
  return "unknown hash";
}

std::string_view algorithm_name(AeadAlgorithm aead) noexcept {
  switch (aead) {
    case AeadAlgorithm::aes_128_gcm:
      return "AES-128-GCM";
    case AeadAlgorithm::aes_256_gcm:
      return "AES-256-GCM";
    case AeadAlgorithm::chacha20_poly1305:
      return "ChaCha20-Poly1305";
  }
  return "unknown AEAD";
}

}  // namespace cpptls::crypto::openssl
