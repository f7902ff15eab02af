// AEAD keys (AES-GCM, ChaCha20-Poly1305; RFC 5116, RFC 8439) on one EVP_CIPHER_CTX per key.
// The key is set once at construction; each seal or open only sets the nonce, so the record
// path allocates nothing. Sealing writes plaintext and trailer straight into the caller's
// output buffer (in place when the plaintext already sits there).

#include <algorithm>
#include <array>
#include <climits>
#include <functional>
#include <string>

#include "base/checked.hpp"
#include "base/wipe.hpp"
#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"

namespace cpptls::crypto::openssl {
namespace {

constexpr int kEncrypt = 1;
constexpr int kDecrypt = 0;

// True when the two ranges share a byte (std::less orders unrelated pointers too).
[[nodiscard]] bool overlaps(ByteView a, ByteView b) noexcept {
  if (a.empty() || b.empty()) return false;
  const std::less<const std::uint8_t*> less;
  return less(a.data(), b.data() + b.size()) && less(b.data(), a.data() + a.size());
}

[[nodiscard]] Unexpected<Error> authentication_failed() {
  // One reason for every cause (tag, ciphertext, AAD or nonce changed): saying more would
  // tell an attacker which part of a forgery was wrong.
  return fail(ErrorKind::crypto, ErrorCode::bad_record_mac, AlertDescription::bad_record_mac,
              "record authentication failed");
}

class EvpAeadKey final : public AeadKey {
 public:
  EvpAeadKey(AeadAlgorithm algorithm, EvpCipherCtx ctx) noexcept
      : algorithm_(algorithm), ctx_(std::move(ctx)) {}

  [[nodiscard]] AeadAlgorithm algorithm() const noexcept override { return algorithm_; }

  [[nodiscard]] Expected<void> seal(ByteView nonce, ByteView aad, ByteView plaintext,
                                    ByteView trailer, MutableByteView out,
                                    MutableByteView tag_out) noexcept override {
    if (auto checked = check_sizes(nonce, aad, out.size()); !checked) return checked;
    if (tag_out.size() != kAeadTagSize) return bad_tag_size(tag_out.size());
    if (auto checked = check_seal_buffers(plaintext, trailer, out); !checked) return checked;
    if (!start(nonce, kEncrypt) || !add_aad(aad) || !transform(plaintext, out.data()) ||
        !transform(trailer, out.data() + plaintext.size()) || !finish()) {
      return library_failure(std::string(algorithm_name(algorithm_)) + " seal failed");
    }
    if (EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kAeadTagSize),
                            tag_out.data()) != 1) {
      return library_failure(std::string(algorithm_name(algorithm_)) + " tag read failed");
    }
    return {};
  }

  [[nodiscard]] Expected<void> open(ByteView nonce, ByteView aad, MutableByteView in_out,
                                    ByteView tag) noexcept override {
    if (auto checked = check_sizes(nonce, aad, in_out.size()); !checked) return checked;
    if (tag.size() != kAeadTagSize) return bad_tag_size(tag.size());
    // The ctrl takes a mutable pointer; copy the tag rather than cast its constness away.
    std::array<unsigned char, kAeadTagSize> expected_tag{};
    std::copy(tag.begin(), tag.end(), expected_tag.begin());
    const bool ok = start(nonce, kDecrypt) &&
                    EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG,
                                        static_cast<int>(kAeadTagSize), expected_tag.data()) == 1 &&
                    add_aad(aad) && transform(in_out, in_out.data()) && finish();
    if (!ok) {
      // The caller must see no unauthenticated plaintext.
      secure_wipe(in_out);
      clear_error_queue();
      return authentication_failed();
    }
    return {};
  }

 private:
  [[nodiscard]] Expected<void> check_sizes(ByteView nonce, ByteView aad,
                                           std::size_t data_size) const {
    if (nonce.size() != kAeadNonceSize) {
      return misuse(ErrorCode::invalid_argument, std::string(algorithm_name(algorithm_)) +
                                                     " nonce has " + std::to_string(nonce.size()) +
                                                     " bytes, expected " +
                                                     std::to_string(kAeadNonceSize));
    }
    if (aad.size() > INT_MAX || data_size > INT_MAX) {
      return misuse(ErrorCode::invalid_argument, "AEAD input longer than INT_MAX bytes");
    }
    return {};
  }

  [[nodiscard]] Unexpected<Error> bad_tag_size(std::size_t size) const {
    return misuse(ErrorCode::invalid_argument,
                  std::string(algorithm_name(algorithm_)) + " tag buffer has " +
                      std::to_string(size) + " bytes, expected " + std::to_string(kAeadTagSize));
  }

  // `out` holds exactly plaintext then trailer. OpenSSL may write over its input only when
  // input and output start at the same byte, so any other overlap is refused.
  [[nodiscard]] Expected<void> check_seal_buffers(ByteView plaintext, ByteView trailer,
                                                  MutableByteView out) const {
    const auto total = checked_add(plaintext.size(), trailer.size());
    if (!total || *total != out.size()) {
      return misuse(ErrorCode::invalid_argument,
                    "seal output has " + std::to_string(out.size()) + " bytes, plaintext " +
                        std::to_string(plaintext.size()) + " and trailer " +
                        std::to_string(trailer.size()));
    }
    if ((overlaps(plaintext, out) && plaintext.data() != out.data()) || overlaps(trailer, out)) {
      return misuse(ErrorCode::invalid_argument,
                    "seal buffers overlap other than plaintext starting at out");
    }
    return {};
  }

  // Keeps the key and cipher; sets the direction and the nonce (the default IV length of all
  // three ciphers is the 12 bytes TLS uses).
  [[nodiscard]] bool start(ByteView nonce, int direction) noexcept {
    return EVP_CipherInit_ex2(ctx_.get(), nullptr, nullptr, nonce.data(), direction, nullptr) == 1;
  }

  [[nodiscard]] bool add_aad(ByteView aad) noexcept {
    int written = 0;
    return aad.empty() || EVP_CipherUpdate(ctx_.get(), nullptr, &written, aad.data(),
                                           static_cast<int>(aad.size())) == 1;
  }

  // Encrypts or decrypts `in` into `out` (in.size() bytes); out may be in.data() itself.
  // Both ciphers are streams, so consecutive calls continue where the last one stopped.
  [[nodiscard]] bool transform(ByteView in, std::uint8_t* out) noexcept {
    if (in.empty()) return true;
    int written = 0;
    return EVP_CipherUpdate(ctx_.get(), out, &written, in.data(), static_cast<int>(in.size())) ==
               1 &&
           static_cast<std::size_t>(written) == in.size();
  }

  [[nodiscard]] bool finish() noexcept {
    // Neither GCM nor ChaCha20-Poly1305 buffers data, so the final call writes nothing; on
    // decryption it is where the tag is compared.
    std::array<unsigned char, 16> unused{};
    int written = 0;
    return EVP_CipherFinal_ex(ctx_.get(), unused.data(), &written) == 1 && written == 0;
  }

  AeadAlgorithm algorithm_;
  EvpCipherCtx ctx_;
};

}  // namespace

Expected<std::unique_ptr<AeadKey>> make_aead_key(const Fetched& fetched, AeadAlgorithm algorithm,
                                                 ByteView key) {
  const EVP_CIPHER* cipher = fetched.cipher(algorithm);
  if (cipher == nullptr) {
    return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                AlertDescription::internal_error,
                std::string(algorithm_name(algorithm)) + " is not available in libcrypto");
  }
  if (key.size() != key_size(algorithm)) {
    return misuse(ErrorCode::invalid_argument, std::string(algorithm_name(algorithm)) +
                                                   " key has " + std::to_string(key.size()) +
                                                   " bytes, expected " +
                                                   std::to_string(key_size(algorithm)));
  }
  EvpCipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nullptr, kEncrypt, nullptr) != 1) {
    return library_failure("cannot key " + std::string(algorithm_name(algorithm)));
  }
  return std::make_unique<EvpAeadKey>(algorithm, std::move(ctx));
}

}  // namespace cpptls::crypto::openssl
