#pragma once
// What kind of key an EVP_PKEY holds, in our terms, and its size. Internal to crypto/openssl.

#include <cstddef>
#include <string_view>

#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/openssl/handles.hpp"

namespace cpptls::crypto::openssl {

// RSA, RSA-PSS, EC on P-256 or P-384, or Ed25519; anything else (DSA, X448, EC on another or
// an explicit curve) is ErrorCode::unsupported_algorithm with a reason naming it.
[[nodiscard]] Expected<KeyType> classify_key(const EVP_PKEY* key);

// Modulus bits for RSA, field bits for EC, 256 for Ed25519.
[[nodiscard]] std::size_t key_bits(const EVP_PKEY* key, KeyType type) noexcept;

[[nodiscard]] std::string_view key_type_name(KeyType type) noexcept;

}  // namespace cpptls::crypto::openssl
