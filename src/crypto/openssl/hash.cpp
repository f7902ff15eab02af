// Hash on EVP_MD_CTX with a digest fetched once by the provider.

#include <string>

#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"

namespace cpptls::crypto::openssl {
namespace {

class EvpHash final : public Hash {
 public:
  EvpHash(HashAlgorithm algorithm, const EVP_MD* md, EvpMdCtx ctx) noexcept
      : algorithm_(algorithm), md_(md), ctx_(std::move(ctx)) {}

  [[nodiscard]] HashAlgorithm algorithm() const noexcept override { return algorithm_; }

  void update(ByteView data) noexcept override {
    if (failed_ || data.empty()) return;
    if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) failed_ = true;
  }

  [[nodiscard]] Expected<void> finish(MutableByteView out) noexcept override {
    const std::size_t size = digest_size(algorithm_);
    if (out.size() < size) {
      return misuse(ErrorCode::buffer_too_small,
                    "hash output buffer has " + std::to_string(out.size()) + " bytes, " +
                        std::string(algorithm_name(algorithm_)) + " needs " + std::to_string(size));
    }
    unsigned int written = 0;
    const bool ok =
        !failed_ && EVP_DigestFinal_ex(ctx_.get(), out.data(), &written) == 1 && written == size;
    // Reset to the empty state whatever happened, so the object stays usable.
    failed_ = EVP_DigestInit_ex2(ctx_.get(), md_, nullptr) != 1;
    if (!ok) return library_failure(std::string(algorithm_name(algorithm_)) + " digest failed");
    return {};
  }

  [[nodiscard]] Expected<std::unique_ptr<Hash>> clone() const override {
    if (failed_) return library_failure("cannot clone a hash whose update failed");
    EvpMdCtx copy(EVP_MD_CTX_new());
    if (!copy || EVP_MD_CTX_copy_ex(copy.get(), ctx_.get()) != 1) {
      return library_failure("EVP_MD_CTX_copy_ex failed");
    }
    return std::make_unique<EvpHash>(algorithm_, md_, std::move(copy));
  }

 private:
  HashAlgorithm algorithm_;
  const EVP_MD* md_;  // owned by the provider's Fetched, which outlives every object
  EvpMdCtx ctx_;
  bool failed_ = false;
};

}  // namespace

Expected<std::unique_ptr<Hash>> make_hash(const Fetched& fetched, HashAlgorithm algorithm) {
  const EVP_MD* md = fetched.md(algorithm);
  if (md == nullptr) {
    return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                AlertDescription::internal_error,
                std::string(algorithm_name(algorithm)) + " is not available in libcrypto");
  }
  EvpMdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1) {
    return library_failure("cannot start a " + std::string(algorithm_name(algorithm)) + " hash");
  }
  return std::make_unique<EvpHash>(algorithm, md, std::move(ctx));
}

}  // namespace cpptls::crypto::openssl
