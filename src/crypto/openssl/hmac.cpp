// HMAC on EVP_MAC_CTX. The context is duplicated from the provider's per-digest prototype
// (no fetch) and keyed once; finish() re-initialises it without a key, which OpenSSL defines
// as "restart under the key already set", so the PRF and HKDF loop on one object.

#include <string>

#include <openssl/crypto.h>

#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"

namespace cpptls::crypto::openssl {
namespace {

class EvpHmac final : public Mac {
 public:
  EvpHmac(HashAlgorithm algorithm, EvpMacCtx ctx) noexcept
      : algorithm_(algorithm), ctx_(std::move(ctx)) {}

  [[nodiscard]] HashAlgorithm algorithm() const noexcept override { return algorithm_; }

  void update(ByteView data) noexcept override {
    if (failed_ || data.empty()) return;
    if (EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) failed_ = true;
  }

  [[nodiscard]] Expected<void> finish(MutableByteView out) noexcept override {
    const std::size_t size = digest_size(algorithm_);
    if (out.size() < size) {
      return misuse(ErrorCode::buffer_too_small,
                    "HMAC output buffer has " + std::to_string(out.size()) + " bytes, HMAC-" +
                        std::string(algorithm_name(algorithm_)) + " needs " + std::to_string(size));
    }
    std::size_t written = 0;
    const bool ok =
        !failed_ && EVP_MAC_final(ctx_.get(), out.data(), &written, size) == 1 && written == size;
    // A null key restarts under the key given at construction.
    failed_ = EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) != 1;
    if (!ok) {
      return library_failure("HMAC-" + std::string(algorithm_name(algorithm_)) + " failed");
    }
    return {};
  }

 private:
  HashAlgorithm algorithm_;
  EvpMacCtx ctx_;
  bool failed_ = false;
};

}  // namespace

Expected<std::unique_ptr<Mac>> make_hmac(const Fetched& fetched, HashAlgorithm algorithm,
                                         ByteView key) {
  const EVP_MAC_CTX* prototype = fetched.hmac_prototype(algorithm);
  if (prototype == nullptr) {
    return fail(
        ErrorKind::crypto, ErrorCode::unsupported_algorithm, AlertDescription::internal_error,
        "HMAC-" + std::string(algorithm_name(algorithm)) + " is not available in libcrypto");
  }
  EvpMacCtx ctx(EVP_MAC_CTX_dup(prototype));
  if (!ctx) return library_failure("EVP_MAC_CTX_dup failed");
  // OpenSSL reads a null key as "keep the current key"; an empty key (RFC 2104 allows it)
  // needs a non-null pointer with length zero.
  static constexpr unsigned char kEmpty[1] = {0};
  const unsigned char* key_data = key.empty() ? kEmpty : key.data();
  if (EVP_MAC_init(ctx.get(), key_data, key.size(), nullptr) != 1) {
    return library_failure("cannot key HMAC-" + std::string(algorithm_name(algorithm)));
  }
  return std::make_unique<EvpHmac>(algorithm, std::move(ctx));
}

}  // namespace cpptls::crypto::openssl
