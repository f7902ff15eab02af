#pragma once
// A provider that passes every call to another one, for tests that change one thing about a
// real provider (the clock, a count of the keys parsed) and keep the rest: derive from it and
// override only that.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/provider.hpp"

namespace cpptls::crypto::testing {

class ForwardingProvider : public Provider {
 public:
  explicit ForwardingProvider(const Provider& inner) noexcept : inner_(&inner) {}

  std::string_view name() const noexcept override { return inner_->name(); }
  std::string version() const override { return inner_->version(); }
  Expected<void> random(MutableByteView out) const noexcept override { return inner_->random(out); }
  std::int64_t now() const noexcept override { return inner_->now(); }
  Expected<std::unique_ptr<Hash>> hash(HashAlgorithm algorithm) const override {
    return inner_->hash(algorithm);
  }
  Expected<std::unique_ptr<Mac>> hmac(HashAlgorithm algorithm, ByteView key) const override {
    return inner_->hmac(algorithm, key);
  }
  Expected<std::unique_ptr<AeadKey>> aead(AeadAlgorithm algorithm, ByteView key) const override {
    return inner_->aead(algorithm, key);
  }
  Expected<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) const override {
    return inner_->generate_key_share(group);
  }
  Expected<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group,
                                                             ByteView key) const override {
    return inner_->key_share_from_private(group, key);
  }
  Expected<std::unique_ptr<PublicKey>> public_key(ByteView spki) const override {
    return inner_->public_key(spki);
  }
  Expected<std::unique_ptr<PrivateKey>> private_key_from_pem(std::string_view pem) const override {
    return inner_->private_key_from_pem(pem);
  }
  Expected<std::unique_ptr<PrivateKey>> private_key_from_der(ByteView pkcs8) const override {
    return inner_->private_key_from_der(pkcs8);
  }
  Expected<std::unique_ptr<PrivateKey>> generate_private_key(KeyType type,
                                                             std::size_t bits) const override {
    return inner_->generate_private_key(type, bits);
  }

 private:
  const Provider* inner_;
};

}  // namespace cpptls::crypto::testing
