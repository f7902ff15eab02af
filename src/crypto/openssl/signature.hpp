#pragma once
// Setting up an EVP_MD_CTX for one signature or verification: the pieces private_key.cpp and
// public_key.cpp share so that sign() and verify() use exactly the same parameters.

#include <string>

#include "base/error.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/openssl/fetched.hpp"
#include "crypto/openssl/handles.hpp"

namespace cpptls::crypto::openssl {

enum class SignatureRole : std::uint8_t { sign, verify };

// "rsa_pss/SHA-256 (salt 32)", for reasons.
[[nodiscard]] std::string describe(const SignatureAlgorithm& algorithm);

// Success when a key of `type` can make signatures of `algorithm` (RSA keys: PKCS#1 v1.5
// and PSS; RSA-PSS keys: PSS only; EC keys: ECDSA with any of our hashes, as X.509 allows
// ecdsa-with-SHA384 on P-256; Ed25519 keys: Ed25519), else unsupported_algorithm.
[[nodiscard]] Expected<void> check_key_fits(KeyType type, const SignatureAlgorithm& algorithm);

// EVP_DigestSignInit / EVP_DigestVerifyInit on ctx with the digest, the padding and, for
// PSS, MGF1 with the same digest and the salt length (0 means the digest size).
[[nodiscard]] Expected<void> start_signature(const Fetched& fetched, EVP_MD_CTX* ctx, EVP_PKEY* key,
                                             KeyType type, const SignatureAlgorithm& algorithm,
                                             SignatureRole role);

}  // namespace cpptls::crypto::openssl
