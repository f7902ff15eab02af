#include "crypto/openssl/key_type.hpp"

#include <array>
#include <string>

#include <openssl/core_names.h>

#include "crypto/openssl/library_error.hpp"

namespace cpptls::crypto::openssl {
namespace {

[[nodiscard]] Unexpected<Error> unsupported_key(std::string reason) {
  clear_error_queue();
  return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
              AlertDescription::unsupported_certificate, std::move(reason));
}

[[nodiscard]] bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (const std::string_view candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

[[nodiscard]] Expected<KeyType> classify_ec(const EVP_PKEY* key) {
  std::array<char, 64> name{};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name.data(), name.size(),
                                     &length) != 1) {
    return unsupported_key("EC key with explicit curve parameters is not supported");
  }
  const std::string_view group(name.data(), length);
  if (is_one_of(group, {"prime256v1", "P-256", "secp256r1"})) return KeyType::ec_p256;
  if (is_one_of(group, {"secp384r1", "P-384"})) return KeyType::ec_p384;
  return unsupported_key("EC key on curve " + std::string(group) +
                         " is not supported (only P-256 and P-384)");
}

}  // namespace

Expected<KeyType> classify_key(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::rsa;
  if (EVP_PKEY_is_a(key, "RSA-PSS")) return KeyType::rsa_pss;
  if (EVP_PKEY_is_a(key, "EC")) return classify_ec(key);
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::ed25519;
  const char* name = EVP_PKEY_get0_type_name(key);
  return unsupported_key(std::string(name != nullptr ? name : "unknown") +
                         " keys are not supported");
}

std::size_t key_bits(const EVP_PKEY* key, KeyType type) noexcept {
  switch (type) {
    case KeyType::rsa:
    case KeyType::rsa_pss: {
      const int bits = EVP_PKEY_get_bits(key);
      return bits > 0 ? static_cast<std::size_t>(bits) : 0;
    }
    case KeyType::ec_p256:
      return 256;
    case KeyType::ec_p384:
      return 384;
    // EVP_PKEY_get_bits says 253 (the group order's size); callers compare with 256.
    case KeyType::ed25519:
      return 256;
  }
  return 0;
}

std::string_view key_type_name(KeyType type) noexcept {
  switch (type) {
    case KeyType::rsa:
      return "RSA";
    case KeyType::rsa_pss:
      return "RSA-PSS";
    case KeyType::ec_p256:
      return "EC P-256";
    case KeyType::ec_p384:
      return "EC P-384";
    case KeyType::ed25519:
      return "Ed25519";
  }
  return "unknown";
}

}  // namespace cpptls::crypto::openssl
