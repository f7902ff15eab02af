#pragma once
// Factories for the objects the OpenSSL provider hands out, one .cpp per kind. Internal to
// crypto/openssl: provider.cpp is their only caller.

#include <cstddef>
#include <memory>
#include <string_view>

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "crypto/openssl/fetched.hpp"
#include "crypto/provider.hpp"

namespace cpptls::crypto::openssl {

// hash.cpp
[[nodiscard]] Expected<std::unique_ptr<Hash>> make_hash(const Fetched& fetched,
                                                        HashAlgorithm algorithm);
// hmac.cpp
[[nodiscard]] Expected<std::unique_ptr<Mac>> make_hmac(const Fetched& fetched,
                                                       HashAlgorithm algorithm, ByteView key);
// aead.cpp
[[nodiscard]] Expected<std::unique_ptr<AeadKey>> make_aead_key(const Fetched& fetched,
                                                               AeadAlgorithm algorithm,
                                                               ByteView key);
// key_share.cpp
[[nodiscard]] Expected<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group);
[[nodiscard]] Expected<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group,
                                                                         ByteView private_key);
// public_key.cpp
[[nodiscard]] Expected<std::unique_ptr<PublicKey>> parse_public_key(const Fetched& fetched,
                                                                    ByteView spki);
// private_key.cpp
[[nodiscard]] Expected<std::unique_ptr<PrivateKey>> parse_private_key_pem(const Fetched& fetched,
                                                                          std::string_view pem);
[[nodiscard]] Expected<std::unique_ptr<PrivateKey>> parse_private_key_der(const Fetched& fetched,
                                                                          ByteView pkcs8);
[[nodiscard]] Expected<std::unique_ptr<PrivateKey>> generate_private_key(const Fetched& fetched,
                                                                         KeyType type,
                                                                         std::size_t rsa_bits);

}  // namespace cpptls::crypto::openssl
