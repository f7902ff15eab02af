// Private keys: loading (PEM, DER PKCS#8), generation, export as PKCS#8, signing, the public
// half as DER, and the server's half of RSA key transport with the RFC 5246 7.4.7.1
// countermeasure.

#include <array>
#include <climits>
#include <string>

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "base/constant_time.hpp"
#include "crypto/openssl/key_type.hpp"
#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"
#include "crypto/openssl/signature.hpp"

namespace cpptls::crypto::openssl {
namespace {

constexpr std::size_t kPremasterSize = 48;  // RFC 5246 7.4.7.1
constexpr std::size_t kMinRsaBits = 2048;
constexpr std::size_t kMaxRsaBits = 16384;

[[nodiscard]] Unexpected<Error> parse_failure(std::string reason) {
  return fail(ErrorKind::decode, ErrorCode::key_parse_failed, AlertDescription::internal_error,
              std::move(reason));
}

class EvpPrivateKey final : public PrivateKey {
 public:
  EvpPrivateKey(const Fetched& fetched, EvpPkey key, KeyType type) noexcept
      : fetched_(fetched), key_(std::move(key)), type_(type) {}

  [[nodiscard]] KeyType type() const noexcept override { return type_; }
  [[nodiscard]] std::size_t bits() const noexcept override { return key_bits(key_.get(), type_); }

  [[nodiscard]] Expected<Bytes> public_key_info() const override {
    const int size = i2d_PUBKEY(key_.get(), nullptr);
    if (size <= 0) return library_failure("cannot encode the SubjectPublicKeyInfo");
    Bytes out(static_cast<std::size_t>(size));
    unsigned char* cursor = out.data();
    if (i2d_PUBKEY(key_.get(), &cursor) != size) {
      return library_failure("cannot encode the SubjectPublicKeyInfo");
    }
    return out;
  }

  [[nodiscard]] Expected<SecretBytes> private_key_info() const override {
    Pkcs8Info info(EVP_PKEY2PKCS8(key_.get()));
    if (!info) return library_failure("cannot make a PKCS#8 PrivateKeyInfo");
    const int size = i2d_PKCS8_PRIV_KEY_INFO(info.get(), nullptr);
    if (size <= 0) return library_failure("cannot encode the PKCS#8 PrivateKeyInfo");
    // Encoded straight into wiping memory; PKCS8_PRIV_KEY_INFO_free clears its own copy.
    SecretBytes out(static_cast<std::size_t>(size));
    unsigned char* cursor = out.data();
    if (i2d_PKCS8_PRIV_KEY_INFO(info.get(), &cursor) != size) {
      return library_failure("cannot encode the PKCS#8 PrivateKeyInfo");
    }
    return out;
  }

  [[nodiscard]] Expected<Bytes> sign(const SignatureAlgorithm& algorithm,
                                     ByteView message) const override {
    EvpMdCtx ctx(EVP_MD_CTX_new());
    if (!ctx) return library_failure("EVP_MD_CTX_new failed");
    if (auto started =
            start_signature(fetched_, ctx.get(), key_.get(), type_, algorithm, SignatureRole::sign);
        !started) {
      return Unexpected<Error>(std::move(started.error()));
    }
    std::size_t size = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &size, message.data(), message.size()) != 1) {
      return library_failure("cannot size a " + describe(algorithm) + " signature");
    }
    Bytes signature(size);
    if (EVP_DigestSign(ctx.get(), signature.data(), &size, message.data(), message.size()) != 1) {
      return library_failure(describe(algorithm) + " signing failed");
    }
    // ECDSA's DER encoding is shorter than the bound when r or s has leading zeros.
    signature.resize(size);
    return signature;
  }

  [[nodiscard]] Expected<SecretBytes> decrypt_premaster(
      ByteView ciphertext, std::uint16_t client_version) const override {
    if (type_ != KeyType::rsa) {
      return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                  AlertDescription::internal_error,
                  std::string(key_type_name(type_)) + " key cannot decrypt a premaster secret");
    }
    // The ciphertext's length is public, so refusing a wrong one leaks nothing
    // (RFC 5246 7.4.7.1 requires the countermeasure for the contents only).
    const int modulus_size = EVP_PKEY_get_size(key_.get());
    if (modulus_size <= 0 || ciphertext.size() != static_cast<std::size_t>(modulus_size)) {
      return decode_failure(ErrorCode::length_out_of_range,
                            "encrypted premaster secret has " + std::to_string(ciphertext.size()) +
                                " bytes, the RSA modulus has " + std::to_string(modulus_size));
    }
    // Drawn before decrypting, so nothing after the decryption depends on its outcome.
    SecretBytes substitute(kPremasterSize);
    if (RAND_bytes(substitute.data(), static_cast<int>(substitute.size())) != 1) {
      return fail(ErrorKind::internal, ErrorCode::random_failure, AlertDescription::internal_error,
                  "RAND_bytes failed: " + drain_error_queue());
    }
    auto ctx = start_tls_decryption(client_version);
    if (!ctx) return Unexpected<Error>(std::move(ctx.error()));

    // With RSA_PKCS1_WITH_TLS_PADDING, libcrypto checks the padding and the version in
    // constant time and, when either is wrong, returns random bytes and success. It fails
    // only for public reasons (a ciphertext not below the modulus) or its own failures; the
    // substitute then takes the place of the output, selected without a branch.
    SecretBytes premaster(kPremasterSize);
    std::size_t size = premaster.size();
    const int decrypted =
        EVP_PKEY_decrypt(ctx->get(), premaster.data(), &size, ciphertext.data(), ciphertext.size());
    const auto good = static_cast<std::uint8_t>((decrypted == 1) & (size == kPremasterSize));
    for (std::size_t i = 0; i < kPremasterSize; ++i) {
      premaster[i] = constant_time_select(good, premaster[i], substitute[i]);
    }
    clear_error_queue();
    return premaster;
  }

 private:
  [[nodiscard]] Expected<EvpPkeyCtx> start_tls_decryption(std::uint16_t client_version) const {
    EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_WITH_TLS_PADDING) <= 0) {
      return library_failure("cannot set up RSA premaster decryption");
    }
    // The negotiated version is set to the same value: we accept only the client_version
    // the ClientHello offered, not the pre-TLS 1.1 workaround of the negotiated one.
    unsigned int version = client_version;
    std::array<OSSL_PARAM, 3> params = {
        OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &version),
        OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_NEGOTIATED_VERSION, &version),
        OSSL_PARAM_construct_end()};
    if (EVP_PKEY_CTX_set_params(ctx.get(), params.data()) != 1) {
      return library_failure("cannot set the TLS client version for premaster decryption");
    }
    return ctx;
  }

  const Fetched& fetched_;
  EvpPkey key_;
  KeyType type_;
};

[[nodiscard]] Expected<std::unique_ptr<PrivateKey>> wrap(const Fetched& fetched, EvpPkey key) {
  auto type = classify_key(key.get());
  if (!type) return Unexpected<Error>(std::move(type.error()));
  return std::make_unique<EvpPrivateKey>(fetched, std::move(key), *type);
}

// PEM passphrase callback: never prompt (the default one reads the terminal); returning 0
// makes an encrypted key fail to load.
int refuse_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
  return 0;
}

[[nodiscard]] bool looks_encrypted(std::string_view pem) noexcept {
  return pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos ||
         pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

[[nodiscard]] Expected<EvpPkey> generate(KeyType type, std::size_t rsa_bits) {
  const bool rsa = type == KeyType::rsa || type == KeyType::rsa_pss;
  if (rsa && (rsa_bits < kMinRsaBits || rsa_bits > kMaxRsaBits)) {
    return misuse(ErrorCode::invalid_argument, "RSA key size " + std::to_string(rsa_bits) +
                                                   " is outside [" + std::to_string(kMinRsaBits) +
                                                   ", " + std::to_string(kMaxRsaBits) + "]");
  }
  const char* algorithm = "ED25519";
  const char* group = nullptr;
  switch (type) {
    case KeyType::rsa:
      algorithm = "RSA";
      break;
    case KeyType::rsa_pss:
      algorithm = "RSA-PSS";
      break;
    case KeyType::ec_p256:
      algorithm = "EC";
      group = "P-256";
      break;
    case KeyType::ec_p384:
      algorithm = "EC";
      group = "P-384";
      break;
    case KeyType::ed25519:
      break;
  }
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      (rsa && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(rsa_bits)) <= 0) ||
      (group != nullptr && EVP_PKEY_CTX_set_group_name(ctx.get(), group) != 1)) {
    return library_failure("cannot set up " + std::string(key_type_name(type)) + " key generation");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    return library_failure("cannot generate a " + std::string(key_type_name(type)) + " key");
  }
  return EvpPkey(raw);
}

}  // namespace

Expected<std::unique_ptr<PrivateKey>> parse_private_key_pem(const Fetched& fetched,
                                                            std::string_view pem) {
  if (looks_encrypted(pem)) {
    return parse_failure(
        "the PEM private key is encrypted; passphrases are not supported (decrypt it with "
        "`openssl pkey -in key.pem -out plain.pem`)");
  }
  if (pem.size() > INT_MAX) return parse_failure("PEM text is too long");
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return library_failure("cannot make a memory BIO");
  EvpPkey key(
      PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, refuse_passphrase, nullptr, nullptr, nullptr));
  if (!key) {
    return parse_failure("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block could be read: " +
                         drain_error_queue());
  }
  clear_error_queue();  // the decoder may queue errors from formats it tried first
  return wrap(fetched, std::move(key));
}

Expected<std::unique_ptr<PrivateKey>> parse_private_key_der(const Fetched& fetched,
                                                            ByteView pkcs8) {
  if (pkcs8.size() > LONG_MAX) return parse_failure("PKCS#8 key is too long");
  const unsigned char* cursor = pkcs8.data();
  Pkcs8Info info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(pkcs8.size())));
  if (!info) {
    return parse_failure("DER PKCS#8 PrivateKeyInfo does not parse: " + drain_error_queue());
  }
  const auto consumed = static_cast<std::size_t>(cursor - pkcs8.data());
  if (consumed != pkcs8.size()) {
    return parse_failure("DER PKCS#8 PrivateKeyInfo is followed by " +
                         std::to_string(pkcs8.size() - consumed) + " trailing bytes");
  }
  EvpPkey key(EVP_PKCS82PKEY_ex(info.get(), nullptr, nullptr));
  if (!key) {
    return parse_failure("PKCS#8 PrivateKeyInfo holds no usable key: " + drain_error_queue());
  }
  return wrap(fetched, std::move(key));
}

Expected<std::unique_ptr<PrivateKey>> generate_private_key(const Fetched& fetched, KeyType type,
                                                           std::size_t rsa_bits) {
  auto key = generate(type, rsa_bits);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  return wrap(fetched, std::move(*key));
}

}  // namespace cpptls::crypto::openssl
