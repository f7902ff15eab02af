// Public keys from DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7): signature verification and
// RSA key transport encryption.

#include <climits>
#include <string>

#include <openssl/rsa.h>

#include "crypto/openssl/key_type.hpp"
#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"
#include "crypto/openssl/public_key_import.hpp"
#include "crypto/openssl/signature.hpp"

namespace cpptls::crypto::openssl {
namespace {

[[nodiscard]] Unexpected<Error> does_not_verify() {
  clear_error_queue();
  return fail(ErrorKind::crypto, ErrorCode::bad_signature, AlertDescription::decrypt_error,
              "signature does not verify");
}

class EvpPublicKey final : public PublicKey {
 public:
  EvpPublicKey(const Fetched& fetched, EvpPkey key, KeyType type) noexcept
      : fetched_(fetched), key_(std::move(key)), type_(type) {}

  [[nodiscard]] KeyType type() const noexcept override { return type_; }
  [[nodiscard]] std::size_t bits() const noexcept override { return key_bits(key_.get(), type_); }

  [[nodiscard]] Expected<void> verify(const SignatureAlgorithm& algorithm, ByteView message,
                                      ByteView signature) const override {
    EvpMdCtx ctx(EVP_MD_CTX_new());
    if (!ctx) return library_failure("EVP_MD_CTX_new failed");
    if (auto started = start_signature(fetched_, ctx.get(), key_.get(), type_, algorithm,
                                       SignatureRole::verify);
        !started) {
      return started;
    }
    // One-shot: Ed25519 cannot stream, and the others gain nothing from it here. Anything
    // but 1 (0 for a wrong signature, negative for one that does not even parse) is a
    // signature that does not verify.
    if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                         message.size()) != 1) {
      return does_not_verify();
    }
    return {};
  }

  [[nodiscard]] Expected<Bytes> encrypt_pkcs1(ByteView plaintext) const override {
    if (type_ != KeyType::rsa) {
      return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                  AlertDescription::unsupported_certificate,
                  std::string(key_type_name(type_)) +
                      " key cannot encrypt (RSA key transport needs an rsaEncryption key)");
    }
    EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0) {
      return library_failure("cannot set up RSA PKCS#1 v1.5 encryption");
    }
    std::size_t size = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &size, plaintext.data(), plaintext.size()) != 1) {
      return library_failure("cannot size the RSA ciphertext");
    }
    Bytes out(size);
    if (EVP_PKEY_encrypt(ctx.get(), out.data(), &size, plaintext.data(), plaintext.size()) != 1) {
      return library_failure("RSA PKCS#1 v1.5 encryption of " + std::to_string(plaintext.size()) +
                             " bytes failed");
    }
    out.resize(size);
    return out;
  }

 private:
  const Fetched& fetched_;
  EvpPkey key_;
  KeyType type_;
};

// Any SubjectPublicKeyInfo libcrypto knows, through its decoders (the slow, general path).
[[nodiscard]] Expected<EvpPkey> decode_public_key(ByteView spki) {
  if (spki.size() > LONG_MAX) {
    return decode_failure(ErrorCode::length_out_of_range, "SubjectPublicKeyInfo is too long");
  }
  const unsigned char* cursor = spki.data();
  EvpPkey key(d2i_PUBKEY_ex(nullptr, &cursor, static_cast<long>(spki.size()), nullptr, nullptr));
  if (!key) {
    return fail(ErrorKind::decode, ErrorCode::key_parse_failed, AlertDescription::bad_certificate,
                "SubjectPublicKeyInfo does not parse: " + drain_error_queue());
  }
  const auto consumed = static_cast<std::size_t>(cursor - spki.data());
  if (consumed != spki.size()) {
    return fail(ErrorKind::decode, ErrorCode::key_parse_failed, AlertDescription::bad_certificate,
                "SubjectPublicKeyInfo is followed by " + std::to_string(spki.size() - consumed) +
                    " trailing bytes");
  }
  return key;
}

}  // namespace

Expected<std::unique_ptr<PublicKey>> parse_public_key(const Fetched& fetched, ByteView spki) {
  // The common shapes first (public_key_import.hpp): verifying a chain needs one key per CA.
  EvpPkey key = import_common_public_key(fetched, spki);
  if (!key) {
    auto decoded = decode_public_key(spki);
    if (!decoded) return Unexpected<Error>(std::move(decoded.error()));
    key = std::move(*decoded);
  }
  auto type = classify_key(key.get());
  if (!type) return Unexpected<Error>(std::move(type.error()));
  return std::make_unique<EvpPublicKey>(fetched, std::move(key), *type);
}

}  // namespace cpptls::crypto::openssl
