// The production Provider: OpenSSL 3's libcrypto through EVP. This file wires the Provider
// interface to the per-job files (hash.cpp, hmac.cpp, aead.cpp, key_share.cpp,
// public_key.cpp, private_key.cpp); it holds the algorithm handles fetched once.

#include <algorithm>
#include <chrono>
#include <string>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/openssl/fetched.hpp"
#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"
#include "crypto/openssl/openssl_provider.hpp"

namespace cpptls::crypto::openssl {
namespace {

class OpenSslProvider final : public Provider {
 public:
  [[nodiscard]] std::string_view name() const noexcept override { return "OpenSSL libcrypto"; }

  [[nodiscard]] std::string version() const override { return OpenSSL_version(OPENSSL_VERSION); }

  [[nodiscard]] Expected<void> random(MutableByteView out) const noexcept override {
    // RAND_bytes takes an int length; fill large requests in pieces.
    constexpr std::size_t kChunk = 1U << 30;
    for (std::size_t at = 0; at < out.size(); at += kChunk) {
      const std::size_t take = std::min(kChunk, out.size() - at);
      if (RAND_bytes(out.data() + at, static_cast<int>(take)) != 1) {
        return fail(ErrorKind::internal, ErrorCode::random_failure,
                    AlertDescription::internal_error, "RAND_bytes failed: " + drain_error_queue());
      }
    }
    return {};
  }

  [[nodiscard]] std::int64_t now() const noexcept override {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
  }

  [[nodiscard]] Expected<std::unique_ptr<Hash>> hash(HashAlgorithm algorithm) const override {
    return make_hash(fetched_, algorithm);
  }

  [[nodiscard]] Expected<std::unique_ptr<Mac>> hmac(HashAlgorithm algorithm,
                                                    ByteView key) const override {
    return make_hmac(fetched_, algorithm, key);
  }

  [[nodiscard]] Expected<std::unique_ptr<AeadKey>> aead(AeadAlgorithm algorithm,
                                                        ByteView key) const override {
    return make_aead_key(fetched_, algorithm, key);
  }

  [[nodiscard]] Expected<std::unique_ptr<KeyShare>> generate_key_share(
      NamedGroup group) const override {
    return openssl::generate_key_share(group);
  }

  [[nodiscard]] Expected<std::unique_ptr<KeyShare>> key_share_from_private(
      NamedGroup group, ByteView private_key) const override {
    return openssl::key_share_from_private(group, private_key);
  }

  [[nodiscard]] Expected<std::unique_ptr<PublicKey>> public_key(
      ByteView subject_public_key_info) const override {
    return parse_public_key(fetched_, subject_public_key_info);
  }

  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> private_key_from_pem(
      std::string_view pem) const override {
    return parse_private_key_pem(fetched_, pem);
  }

  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> private_key_from_der(
      ByteView pkcs8) const override {
    return parse_private_key_der(fetched_, pkcs8);
  }

  [[nodiscard]] Expected<std::unique_ptr<PrivateKey>> generate_private_key(
      KeyType type, std::size_t rsa_bits) const override {
    return openssl::generate_private_key(fetched_, type, rsa_bits);
  }

 private:
  Fetched fetched_;
};

}  // namespace

const Provider& provider() {
  // Built on first use; C++ makes the initialisation of a function-local static thread-safe.
  static const OpenSslProvider instance;
  return instance;
}

}  // namespace cpptls::crypto::openssl
