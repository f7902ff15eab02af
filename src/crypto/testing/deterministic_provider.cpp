#include "crypto/testing/deterministic_provider.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "base/hex.hpp"

namespace cpptls::crypto::testing {
namespace {

constexpr std::size_t kBlockSize = 32;  // HMAC-SHA256
// Draws per NIST key share before giving up; a draw is out of range with probability about
// 2^-32 (P-256) or 2^-190 (P-384), so the bound is never reached in practice.
constexpr int kMaxScalarDraws = 64;

void put_u64(std::uint64_t value, std::array<std::uint8_t, 8>& out) noexcept {
  for (std::size_t i = 0; i < 8; ++i) {
    out[7 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

// The group order n, big-endian (SEC 2 2.4.2 and 2.5.1): a scalar must be in [1, n-1].
constexpr std::array<std::uint8_t, 32> kP256Order = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
constexpr std::array<std::uint8_t, 48> kP384Order = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

// Big-endian comparison of equal-length values: scalar in [1, order-1].
[[nodiscard]] bool scalar_in_range(ByteView scalar, ByteView order) noexcept {
  const bool zero =
      std::all_of(scalar.begin(), scalar.end(), [](std::uint8_t b) { return b == 0; });
  return !zero &&
         std::lexicographical_compare(scalar.begin(), scalar.end(), order.begin(), order.end());
}

[[nodiscard]] ByteView order_of(NamedGroup group) noexcept {
  if (group == NamedGroup::secp256r1) return kP256Order;
  if (group == NamedGroup::secp384r1) return kP384Order;
  return {};
}

}  // namespace

DeterministicProvider::DeterministicProvider(const Provider& inner, std::uint64_t seed,
                                             std::int64_t now)
    : inner_(inner), seed_key_(8), now_(now) {
  std::array<std::uint8_t, 8> encoded{};
  put_u64(seed, encoded);
  std::copy(encoded.begin(), encoded.end(), seed_key_.begin());
}

void DeterministicProvider::set_now(std::int64_t now) noexcept {
  now_.store(now);
}

void DeterministicProvider::queue_random(Bytes bytes) {
  const std::lock_guard lock(mutex_);
  queued_random_.push_back(std::move(bytes));
}

void DeterministicProvider::queue_key_share_private(NamedGroup group, Bytes private_key) {
  const std::lock_guard lock(mutex_);
  queued_shares_.emplace_back(group, to_secret(private_key));
  secure_wipe(private_key);
}

std::string_view DeterministicProvider::name() const noexcept {
  return "deterministic (testing only)";
}

std::string DeterministicProvider::version() const {
  return "deterministic over " + std::string(inner_.name()) + " (" + inner_.version() + ")";
}

Expected<void> DeterministicProvider::random(MutableByteView out) const noexcept {
  const std::lock_guard lock(mutex_);
  if (!queued_random_.empty()) {
    Bytes next = std::move(queued_random_.front());
    queued_random_.pop_front();
    if (next.size() != out.size()) {
      return misuse(ErrorCode::invalid_argument,
                    "queued random value has " + std::to_string(next.size()) +
                        " bytes but random() asked for " + std::to_string(out.size()));
    }
    std::copy(next.begin(), next.end(), out.begin());
    return {};
  }
  return draw_locked(out);
}

Expected<void> DeterministicProvider::draw_locked(MutableByteView out) const {
  std::array<std::uint8_t, kBlockSize> block{};
  for (std::size_t at = 0; at < out.size(); at += kBlockSize) {
    std::array<std::uint8_t, 8> counter{};
    put_u64(counter_++, counter);
    if (auto done = hmac_once(inner_, HashAlgorithm::sha256, seed_key_, counter, block); !done) {
      secure_wipe(block);
      return done;
    }
    const std::size_t take = std::min(kBlockSize, out.size() - at);
    std::copy_n(block.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(at));
  }
  secure_wipe(block);
  return {};
}

std::int64_t DeterministicProvider::now() const noexcept {
  return now_.load();
}

Expected<std::unique_ptr<Hash>> DeterministicProvider::hash(HashAlgorithm algorithm) const {
  return inner_.hash(algorithm);
}

Expected<std::unique_ptr<Mac>> DeterministicProvider::hmac(HashAlgorithm algorithm,
                                                           ByteView key) const {
  return inner_.hmac(algorithm, key);
}

Expected<std::unique_ptr<AeadKey>> DeterministicProvider::aead(AeadAlgorithm algorithm,
                                                               ByteView key) const {
  return inner_.aead(algorithm, key);
}

Expected<SecretBytes> DeterministicProvider::next_private_locked(NamedGroup group) const {
  const auto queued = std::find_if(queued_shares_.begin(), queued_shares_.end(),
                                   [group](const auto& entry) { return entry.first == group; });
  if (queued != queued_shares_.end()) {
    SecretBytes key = std::move(queued->second);
    queued_shares_.erase(queued);
    return key;
  }
  if (group == NamedGroup::x25519) {
    // Any 32 bytes are an X25519 private key (RFC 7748 5: the scalar is clamped on use).
    SecretBytes key(32);
    if (auto done = draw_locked(key); !done) return Unexpected<Error>(std::move(done.error()));
    return key;
  }
  const ByteView order = order_of(group);
  if (order.empty()) {
    return fail(ErrorKind::crypto, ErrorCode::unsupported_algorithm,
                AlertDescription::illegal_parameter,
                "named group 0x" + to_hex_u16(static_cast<std::uint16_t>(group)) +
                    " is not supported for key exchange");
  }
  // Rejection sampling keeps the scalar uniform in [1, n-1].
  SecretBytes key(order.size());
  for (int draw = 0; draw < kMaxScalarDraws; ++draw) {
    if (auto done = draw_locked(key); !done) return Unexpected<Error>(std::move(done.error()));
    if (scalar_in_range(key, order)) return key;
  }
  return internal_failure("no private scalar in range after " + std::to_string(kMaxScalarDraws) +
                          " draws");
}

Expected<std::unique_ptr<KeyShare>> DeterministicProvider::generate_key_share(
    NamedGroup group) const {
  Expected<SecretBytes> private_key = [&] {
    const std::lock_guard lock(mutex_);
    return next_private_locked(group);
  }();
  if (!private_key) return Unexpected<Error>(std::move(private_key.error()));
  return inner_.key_share_from_private(group, *private_key);
}

Expected<std::unique_ptr<KeyShare>> DeterministicProvider::key_share_from_private(
    NamedGroup group, ByteView private_key) const {
  return inner_.key_share_from_private(group, private_key);
}

Expected<std::unique_ptr<PublicKey>> DeterministicProvider::public_key(
    ByteView subject_public_key_info) const {
  return inner_.public_key(subject_public_key_info);
}

Expected<std::unique_ptr<PrivateKey>> DeterministicProvider::private_key_from_pem(
    std::string_view pem) const {
  return inner_.private_key_from_pem(pem);
}

Expected<std::unique_ptr<PrivateKey>> DeterministicProvider::private_key_from_der(
    ByteView pkcs8) const {
  return inner_.private_key_from_der(pkcs8);
}

Expected<std::unique_ptr<PrivateKey>> DeterministicProvider::generate_private_key(
    KeyType type, std::size_t rsa_bits) const {
  return inner_.generate_private_key(type, rsa_bits);
}

}  // namespace cpptls::crypto::testing
