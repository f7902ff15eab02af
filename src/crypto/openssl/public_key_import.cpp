#include "crypto/openssl/public_key_import.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <openssl/core_names.h>

#include "crypto/openssl/library_error.hpp"

namespace cpptls::crypto::openssl {
namespace {

using Bignum = Handle<BIGNUM, BN_free>;

// DER contents octets of the OIDs recognised here.
constexpr std::array<std::uint8_t, 9> kRsaEncryption{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                     0x0d, 0x01, 0x01, 0x01};
constexpr std::array<std::uint8_t, 7> kEcPublicKey{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
constexpr std::array<std::uint8_t, 8> kPrime256v1{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::array<std::uint8_t, 5> kSecp384r1{0x2b, 0x81, 0x04, 0x00, 0x22};
constexpr std::array<std::uint8_t, 3> kEd25519{0x2b, 0x65, 0x70};

constexpr std::uint8_t kTagInteger = 0x02;
constexpr std::uint8_t kTagBitString = 0x03;
constexpr std::uint8_t kTagNull = 0x05;
constexpr std::uint8_t kTagOid = 0x06;
constexpr std::uint8_t kTagSequence = 0x30;

// A bounded DER cursor for the few shapes above. It accepts definite, minimal lengths of up
// to two length octets (public keys are far below 64 KiB) and nothing else; every read checks
// the bytes left before it looks at them.
class DerCursor {
 public:
  explicit DerCursor(ByteView in) noexcept : in_(in) {}

  // The contents of the next element if its tag is `tag`; false otherwise.
  [[nodiscard]] bool read(std::uint8_t tag, ByteView& contents) noexcept {
    if (in_.size() - pos_ < 2 || in_[pos_] != tag) return false;
    std::size_t at = pos_ + 1;
    std::size_t length = in_[at++];
    if (length >= 0x80) {
      const std::size_t octets = length & 0x7f;
      if (octets == 0 || octets > 2 || in_.size() - at < octets) return false;
      length = 0;
      for (std::size_t i = 0; i < octets; ++i)
        length = (length << 8) | in_[at++];
      // X.690 10.1: the short form below 128, no leading zero octet.
      if (length < 0x80 || (octets == 2 && length < 0x100)) return false;
    }
    if (in_.size() - at < length) return false;
    contents = in_.subspan(at, length);
    pos_ = at + length;
    return true;
  }

  [[nodiscard]] bool at_end() const noexcept { return pos_ == in_.size(); }

 private:
  ByteView in_;
  std::size_t pos_ = 0;
};

template <std::size_t N>
[[nodiscard]] bool equals(ByteView bytes, const std::array<std::uint8_t, N>& expected) noexcept {
  if (bytes.size() != N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (bytes[i] != expected[i]) return false;
  }
  return true;
}

// The magnitude of a positive, minimally encoded INTEGER (X.690 8.3.2), without the 0x00
// that keeps it positive; empty for anything else.
[[nodiscard]] ByteView positive_magnitude(ByteView integer) noexcept {
  if (integer.empty() || (integer[0] & 0x80) != 0) return {};
  if (integer[0] == 0x00) {
    if (integer.size() == 1 || (integer[1] & 0x80) == 0) return {};  // zero or not minimal
    return integer.subspan(1);
  }
  return integer;
}

[[nodiscard]] EvpPkey from_params(const char* type, const OSSL_PARAM* params) {
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
          1) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return EvpPkey(key);
}

// The curve built from its name (EVP_PKEY_fromdata), for when no domain copy is at hand.
[[nodiscard]] EvpPkey import_ec_from_params(const char* group, ByteView point) {
  std::array<char, 16> group_name{};
  const std::string_view name(group);
  if (name.size() >= group_name.size()) return nullptr;
  name.copy(group_name.data(), name.size());
  std::array<OSSL_PARAM, 3> params{
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group_name.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                        const_cast<std::uint8_t*>(point.data()), point.size()),
      OSSL_PARAM_construct_end()};
  return from_params("EC", params.data());
}

// RFC 3279 2.3.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
[[nodiscard]] EvpPkey import_rsa(ByteView key_bits) {
  DerCursor outer(key_bits);
  ByteView fields;
  if (!outer.read(kTagSequence, fields) || !outer.at_end()) return nullptr;
  DerCursor inner(fields);
  ByteView modulus;
  ByteView exponent;
  if (!inner.read(kTagInteger, modulus) || !inner.read(kTagInteger, exponent) || !inner.at_end()) {
    return nullptr;
  }
  modulus = positive_magnitude(modulus);
  exponent = positive_magnitude(exponent);
  if (modulus.empty() || exponent.empty()) return nullptr;
  const Bignum n(BN_bin2bn(modulus.data(), static_cast<int>(modulus.size()), nullptr));
  const Bignum e(BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
  const ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!n || !e || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return nullptr;
  }
  const ParamList params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return nullptr;
  return from_params("RSA", params.get());
}

// RFC 5480 2.2: the subjectPublicKey is the ECPoint octets themselves. The point is decoded
// and checked to be on the curve (EC_POINT_oct2point) as EVP_PKEY_fromdata would, but into a
// copy of a key that already holds the curve.
[[nodiscard]] EvpPkey import_ec(const Fetched& fetched, const char* group, ByteView point) {
  EVP_PKEY* domain = fetched.ec_domain(group);
  if (domain == nullptr) return import_ec_from_params(group, point);
  EvpPkey key(EVP_PKEY_dup(domain));
  if (!key || EVP_PKEY_set_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                              point.data(), point.size()) != 1) {
    return nullptr;
  }
  return key;
}

[[nodiscard]] EvpPkey import(const Fetched& fetched, ByteView spki) {
  DerCursor outer(spki);
  ByteView info;
  if (!outer.read(kTagSequence, info) || !outer.at_end()) return nullptr;
  DerCursor fields(info);
  ByteView algorithm;
  ByteView bits;
  if (!fields.read(kTagSequence, algorithm) || !fields.read(kTagBitString, bits) ||
      !fields.at_end()) {
    return nullptr;
  }
  // Every key shape here is whole octets: an unused-bits count of 0 (X.690 8.6.2.2).
  if (bits.empty() || bits[0] != 0) return nullptr;
  const ByteView key = bits.subspan(1);

  DerCursor algorithm_fields(algorithm);
  ByteView oid;
  if (!algorithm_fields.read(kTagOid, oid)) return nullptr;
  if (equals(oid, kRsaEncryption)) {
    ByteView null_contents;
    if (!algorithm_fields.read(kTagNull, null_contents) || !null_contents.empty() ||
        !algorithm_fields.at_end()) {
      return nullptr;
    }
    return import_rsa(key);
  }
  if (equals(oid, kEcPublicKey)) {
    ByteView curve;
    if (!algorithm_fields.read(kTagOid, curve) || !algorithm_fields.at_end()) return nullptr;
    if (equals(curve, kPrime256v1)) return import_ec(fetched, "prime256v1", key);
    if (equals(curve, kSecp384r1)) return import_ec(fetched, "secp384r1", key);
    return nullptr;
  }
  if (equals(oid, kEd25519)) {
    if (!algorithm_fields.at_end() || key.size() != 32) return nullptr;
    return EvpPkey(
        EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, key.data(), key.size()));
  }
  return nullptr;
}

}  // namespace

EvpPkey import_common_public_key(const Fetched& fetched, ByteView spki) {
  EvpPkey key = import(fetched, spki);
  // A refusal here is not the final word (the general path decides), so it must not leave
  // libcrypto's reasons behind for a later error message.
  if (!key) clear_error_queue();
  return key;
}

}  // namespace cpptls::crypto::openssl
