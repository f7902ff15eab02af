#include "crypto/openssl/signature.hpp"

#include <openssl/rsa.h>

#include "crypto/openssl/key_type.hpp"
#include "crypto/openssl/library_error.hpp"

namespace cpptls::crypto::openssl {
namespace {

[[nodiscard]] std::string_view kind_name(SignatureKind kind) noexcept {
  switch (kind) {
    case SignatureKind::rsa_pkcs1:
      return "rsa_pkcs1";
    case SignatureKind::rsa_pss:
      return "rsa_pss";
    case SignatureKind::ecdsa:
      return "ecdsa";
    case SignatureKind::ed25519:
      return "ed25519";
  }
  return "unknown";
}

[[nodiscard]] bool fits(KeyType type, SignatureKind kind) noexcept {
  switch (kind) {
    case SignatureKind::rsa_pkcs1:
      return type == KeyType::rsa;
    case SignatureKind::rsa_pss:
      return type == KeyType::rsa || type == KeyType::rsa_pss;
    case SignatureKind::ecdsa:
      return type == KeyType::ec_p256 || type == KeyType::ec_p384;
    case SignatureKind::ed25519:
      return type == KeyType::ed25519;
  }
  return false;
}

[[nodiscard]] int salt_length(const SignatureAlgorithm& algorithm) noexcept {
  return algorithm.pss_salt_length == 0 ? static_cast<int>(digest_size(algorithm.hash))
                                        : static_cast<int>(algorithm.pss_salt_length);
}

}  // namespace

std::string describe(const SignatureAlgorithm& algorithm) {
  std::string text(kind_name(algorithm.kind));
  if (algorithm.kind == SignatureKind::ed25519) return text;
  text += "/";
  text += algorithm_name(algorithm.hash);
  if (algorithm.kind == SignatureKind::rsa_pss) {
    text += " (salt " + std::to_string(salt_length(algorithm)) + ")";
  }
  return text;
}

Expected<void> check_key_fits(KeyType type, const SignatureAlgorithm& algorithm) {
  if (fits(type, algorithm.kind)) return {};
  return fail(
      ErrorKind::crypto, ErrorCode::unsupported_algorithm, AlertDescription::illegal_parameter,
      std::string(key_type_name(type)) + " key cannot make " + describe(algorithm) + " signatures");
}

Expected<void> start_signature(const Fetched& fetched, EVP_MD_CTX* ctx, EVP_PKEY* key, KeyType type,
                               const SignatureAlgorithm& algorithm, SignatureRole role) {
  if (auto fitting = check_key_fits(type, algorithm); !fitting) return fitting;
  // Ed25519 is PureEdDSA (RFC 8032 5.1): no separate digest.
  const EVP_MD* md =
      algorithm.kind == SignatureKind::ed25519 ? nullptr : fetched.md(algorithm.hash);
  if (algorithm.kind != SignatureKind::ed25519 && md == nullptr) {
    return library_failure(std::string(algorithm_name(algorithm.hash)) + " is not available");
  }
  EVP_PKEY_CTX* pkey_ctx = nullptr;  // owned by ctx
  const int started = role == SignatureRole::sign
                          ? EVP_DigestSignInit(ctx, &pkey_ctx, md, nullptr, key)
                          : EVP_DigestVerifyInit(ctx, &pkey_ctx, md, nullptr, key);
  if (started != 1) {
    // The key refuses these parameters (an RSA-PSS key restricted to another digest, say).
    std::string reason = std::string(key_type_name(type)) + " key refused " + describe(algorithm) +
                         ": " + drain_error_queue();
    return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                AlertDescription::illegal_parameter, std::move(reason));
  }
  if (algorithm.kind == SignatureKind::rsa_pkcs1) {
    if (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) <= 0) {
      return library_failure("cannot select PKCS#1 v1.5 padding");
    }
  } else if (algorithm.kind == SignatureKind::rsa_pss) {
    // RFC 8446 4.2.3: MGF1 with the signature's digest and a salt as long as the digest.
    if (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pkey_ctx, md) <= 0 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, salt_length(algorithm)) <= 0) {
      std::string reason = std::string(key_type_name(type)) + " key refused " +
                           describe(algorithm) + ": " + drain_error_queue();
      return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                  AlertDescription::illegal_parameter, std::move(reason));
    }
  }
  return {};
}

}  // namespace cpptls::crypto::openssl
