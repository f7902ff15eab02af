#pragma once
// The real provider with a clock the test moves: ticket ages and lifetimes without waiting.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/provider.hpp"
#include "unit/handshake/test_pki.hpp"

namespace cpptls::handshake::testing {

class ClockProvider final : public crypto::Provider {
 public:
  void advance(std::int64_t seconds) noexcept { offset_ += seconds; }

  std::string_view name() const noexcept override { return real().name(); }
  std::string version() const override { return real().version(); }
  Expected<void> random(MutableByteView out) const noexcept override { return real().random(out); }
  std::int64_t now() const noexcept override { return real().now() + offset_; }
  Expected<std::unique_ptr<crypto::Hash>> hash(crypto::HashAlgorithm a) const override {
    return real().hash(a);
  }
  Expected<std::unique_ptr<crypto::Mac>> hmac(crypto::HashAlgorithm a, ByteView k) const override {
    return real().hmac(a, k);
  }
  Expected<std::unique_ptr<crypto::AeadKey>> aead(crypto::AeadAlgorithm a,
                                                  ByteView k) const override {
    return real().aead(a, k);
  }
  Expected<std::unique_ptr<crypto::KeyShare>> generate_key_share(
      crypto::NamedGroup g) const override {
    return real().generate_key_share(g);
  }
  Expected<std::unique_ptr<crypto::KeyShare>> key_share_from_private(crypto::NamedGroup g,
                                                                     ByteView k) const override {
    return real().key_share_from_private(g, k);
  }
  Expected<std::unique_ptr<crypto::PublicKey>> public_key(ByteView spki) const override {
    return real().public_key(spki);
  }
  Expected<std::unique_ptr<crypto::PrivateKey>> private_key_from_pem(
      std::string_view pem) const override {
    return real().private_key_from_pem(pem);
  }
  Expected<std::unique_ptr<crypto::PrivateKey>> private_key_from_der(
      ByteView pkcs8) const override {
    return real().private_key_from_der(pkcs8);
  }
  Expected<std::unique_ptr<crypto::PrivateKey>> generate_private_key(
      crypto::KeyType type, std::size_t bits) const override {
    return real().generate_private_key(type, bits);
  }

 private:
  static const crypto::Provider& real() { return real_provider(); }
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace cpptls::handshake::testing
