// (EC)DH key shares: X25519 (RFC 7748) and the NIST curves P-256 and P-384 (SEC 1), as TLS
// uses them (RFC 8446 4.2.8.2 and 7.4, RFC 8422 5.4).

#include <array>
#include <string>

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include "base/constant_time.hpp"
#include "base/hex.hpp"
#include "crypto/openssl/library_error.hpp"
#include "crypto/openssl/objects.hpp"

namespace cpptls::crypto::openssl {
namespace {

constexpr std::size_t kX25519Size = 32;
constexpr std::uint8_t kUncompressedPoint = 0x04;

struct Curve {
  NamedGroup group;
  const char* name;  // OpenSSL's group name
  int nid;
  std::size_t field_size;  // bytes of one coordinate and of the shared secret
  [[nodiscard]] std::size_t point_size() const noexcept { return 1 + 2 * field_size; }
};

constexpr std::array<Curve, 2> kCurves = {{
    {NamedGroup::secp256r1, "P-256", NID_X9_62_prime256v1, 32},
    {NamedGroup::secp384r1, "P-384", NID_secp384r1, 48},
}};

[[nodiscard]] const Curve* find_curve(NamedGroup group) noexcept {
  for (const Curve& curve : kCurves) {
    if (curve.group == group) return &curve;
  }
  return nullptr;
}

[[nodiscard]] Unexpected<Error> unsupported_group(NamedGroup group) {
  return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
              AlertDescription::illegal_parameter,
              "named group 0x" + to_hex_u16(static_cast<std::uint16_t>(group)) +
                  " is not supported for key exchange");
}

[[nodiscard]] Unexpected<Error> invalid_public(std::string reason) {
  clear_error_queue();
  return fail(ErrorKind::crypto, ErrorCode::invalid_public_value,
              AlertDescription::illegal_parameter, std::move(reason));
}

[[nodiscard]] std::string group_name(NamedGroup group) {
  if (group == NamedGroup::x25519) return "X25519";
  const Curve* curve = find_curve(group);
  return curve != nullptr ? curve->name : "unknown group";
}

// The peer's uncompressed point as an EVP_PKEY on our curve. EVP_PKEY_fromdata decodes the
// point and refuses one that is not on the curve.
[[nodiscard]] Expected<EvpPkey> ec_public_from_point(const Curve& curve, ByteView point) {
  std::string name(curve.name);
  Bytes encoded(point.begin(), point.end());
  std::array<OSSL_PARAM, 3> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size()),
      OSSL_PARAM_construct_end()};
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return library_failure("cannot set up EC public key import");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.data()) != 1) {
    return invalid_public("peer's " + name + " public value is not a point on the curve");
  }
  EvpPkey peer(raw);
  // A second, explicit check (SEC 1 3.2.2.1 partial validation) in case the import is ever
  // made lazy.
  EvpPkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, peer.get(), nullptr));
  if (!check) return library_failure("cannot set up EC public key check");
  if (EVP_PKEY_public_check(check.get()) != 1) {
    return invalid_public("peer's " + name + " public value fails the public key check");
  }
  return peer;
}

[[nodiscard]] Expected<EvpPkey> peer_key(NamedGroup group, ByteView value) {
  if (group == NamedGroup::x25519) {
    if (value.size() != kX25519Size) {
      return invalid_public("peer's X25519 public value has " + std::to_string(value.size()) +
                            " bytes, expected 32 (RFC 7748 5)");
    }
    EvpPkey peer(
        EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, value.data(), value.size()));
    if (!peer) return library_failure("cannot import the peer's X25519 public value");
    return peer;
  }
  const Curve* curve = find_curve(group);
  if (curve == nullptr) return unsupported_group(group);
  if (value.size() != curve->point_size()) {
    return invalid_public("peer's " + std::string(curve->name) + " public value has " +
                          std::to_string(value.size()) + " bytes, expected " +
                          std::to_string(curve->point_size()) +
                          " (uncompressed point, RFC 8446 4.2.8.2)");
  }
  if (value[0] != kUncompressedPoint) {
    return invalid_public("peer's " + std::string(curve->name) + " public value starts with 0x" +
                          to_hex_u8(value[0]) +
                          "; only the uncompressed form 0x04 is allowed (RFC 8446 4.2.8.2)");
  }
  return ec_public_from_point(*curve, value);
}

[[nodiscard]] Expected<Bytes> public_value_of(NamedGroup group, EVP_PKEY* key) {
  if (group == NamedGroup::x25519) {
    Bytes out(kX25519Size);
    std::size_t size = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &size) != 1 || size != kX25519Size) {
      return library_failure("cannot read the X25519 public value");
    }
    return out;
  }
  const Curve* curve = find_curve(group);
  if (curve == nullptr) return unsupported_group(group);
  // TLS sends the uncompressed form (RFC 8446 4.2.8.2); say so rather than rely on the
  // default.
  if (EVP_PKEY_set_utf8_string_param(key, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                     "uncompressed") != 1) {
    return library_failure("cannot select the uncompressed point format");
  }
  Bytes out(curve->point_size());
  std::size_t size = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(),
                                      out.size(), &size) != 1 ||
      size != out.size() || out[0] != kUncompressedPoint) {
    return library_failure("cannot read the " + std::string(curve->name) + " public point");
  }
  return out;
}

class EvpKeyShare final : public KeyShare {
 public:
  EvpKeyShare(NamedGroup group, EvpPkey key, Bytes public_value) noexcept
      : group_(group), key_(std::move(key)), public_(std::move(public_value)) {}

  [[nodiscard]] NamedGroup group() const noexcept override { return group_; }
  [[nodiscard]] ByteView public_value() const noexcept override { return public_; }

  [[nodiscard]] Expected<SecretBytes> derive(ByteView peer_public_value) const override {
    auto peer = peer_key(group_, peer_public_value);
    if (!peer) return Unexpected<Error>(std::move(peer.error()));
    EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) {
      return library_failure("cannot start " + group_name(group_) + " key agreement");
    }
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer->get(), 1) != 1) {
      return invalid_public("peer's " + group_name(group_) + " public value was refused");
    }
    const std::size_t expected =
        group_ == NamedGroup::x25519 ? kX25519Size : find_curve(group_)->field_size;
    SecretBytes secret(expected);
    std::size_t size = secret.size();
    if (EVP_PKEY_derive(ctx.get(), secret.data(), &size) != 1) {
      // libcrypto refuses an all-zero X25519 output itself; any other derive failure here is
      // from the peer's value too, since ours was checked when it was made.
      if (group_ == NamedGroup::x25519) return all_zero_result();
      return invalid_public("key agreement with the peer's " + group_name(group_) +
                            " public value failed");
    }
    if (size != expected) {
      return library_failure(group_name(group_) + " shared secret has " + std::to_string(size) +
                             " bytes, expected " + std::to_string(expected));
    }
    // RFC 7748 6.1 and RFC 8446 7.4.2: an all-zero X25519 result means a low-order point.
    // Checked again here so the rule does not rest on libcrypto's version.
    if (group_ == NamedGroup::x25519) {
      const std::array<std::uint8_t, kX25519Size> zeros{};
      if (constant_time_equal(secret, zeros)) return all_zero_result();
    }
    return secret;
  }

 private:
  [[nodiscard]] static Unexpected<Error> all_zero_result() {
    return invalid_public(
        "X25519 shared secret is all zeros: the peer sent a low-order point (RFC 7748 6.1)");
  }

  NamedGroup group_;
  EvpPkey key_;
  Bytes public_;
};

[[nodiscard]] Expected<std::unique_ptr<KeyShare>> wrap(NamedGroup group, EvpPkey key) {
  auto public_value = public_value_of(group, key.get());
  if (!public_value) return Unexpected<Error>(std::move(public_value.error()));
  return std::make_unique<EvpKeyShare>(group, std::move(key), std::move(*public_value));
}

[[nodiscard]] Unexpected<Error> invalid_private(std::string reason) {
  clear_error_queue();
  return fail(ErrorKind::api_misuse, ErrorCode::invalid_key, AlertDescription::internal_error,
              std::move(reason));
}

// The public point d*G for a big-endian scalar d in [1, n-1], and the key pair as an
// EVP_PKEY. EVP has no "derive the public key" call for EC in OpenSSL 3.0, so the point is
// computed with the (not deprecated) EC_POINT arithmetic.
[[nodiscard]] Expected<EvpPkey> ec_key_from_scalar(const Curve& curve, ByteView scalar) {
  const std::string name(curve.name);
  if (scalar.size() != curve.field_size) {
    return invalid_private(name + " private scalar has " + std::to_string(scalar.size()) +
                           " bytes, expected " + std::to_string(curve.field_size));
  }
  SecretBignum d(BN_secure_new());
  EcGroup ec_group(EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, curve.nid));
  BnCtx bn_ctx(BN_CTX_secure_new());
  if (!d || !ec_group || !bn_ctx ||
      BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr) {
    return library_failure("cannot load the " + name + " private scalar");
  }
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(ec_group.get())) >= 0) {
    return invalid_private(name + " private scalar is not in [1, n-1]");
  }
  EcPoint point(EC_POINT_new(ec_group.get()));
  std::array<unsigned char, 1 + 2 * 48> encoded{};
  if (!point ||
      EC_POINT_mul(ec_group.get(), point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(ec_group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), bn_ctx.get()) != curve.point_size()) {
    return library_failure("cannot compute the " + name + " public point");
  }

  ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.name, 0) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(),
                                       curve.point_size()) != 1) {
    return library_failure("cannot build " + name + " key parameters");
  }
  ParamList params(OSSL_PARAM_BLD_to_param(builder.get()));
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return library_failure("cannot set up " + name + " key import");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return library_failure("cannot import the " + name + " key pair");
  }
  return EvpPkey(raw);
}

}  // namespace

Expected<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) {
  const Curve* curve = find_curve(group);
  if (group != NamedGroup::x25519 && curve == nullptr) return unsupported_group(group);
  EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, curve == nullptr ? "X25519" : "EC", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      (curve != nullptr && EVP_PKEY_CTX_set_group_name(ctx.get(), curve->name) != 1)) {
    return library_failure("cannot set up " + group_name(group) + " key generation");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    return library_failure("cannot generate a " + group_name(group) + " key");
  }
  return wrap(group, EvpPkey(raw));
}

Expected<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group, ByteView private_key) {
  if (group == NamedGroup::x25519) {
    if (private_key.size() != kX25519Size) {
      return invalid_private("X25519 private key has " + std::to_string(private_key.size()) +
                             " bytes, expected 32");
    }
    EvpPkey key(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, private_key.data(),
                                                private_key.size()));
    if (!key) return library_failure("cannot import the X25519 private key");
    return wrap(group, std::move(key));
  }
  const Curve* curve = find_curve(group);
  if (curve == nullptr) return unsupported_group(group);
  auto key = ec_key_from_scalar(*curve, private_key);
  if (!key) return Unexpected<Error>(std::move(key.error()));
  return wrap(group, std::move(*key));
}

}  // namespace cpptls::crypto::openssl
