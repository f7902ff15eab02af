// Trust anchors' public keys are parsed once per store (TrustStore::anchor_key), not in every
// verification: a client checks the same roots in every handshake.

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "crypto/testing/forwarding_provider.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {
namespace {

// The test provider, counting the public keys it parses.
class CountingProvider final : public crypto::testing::ForwardingProvider {
 public:
  CountingProvider() noexcept : ForwardingProvider(test_provider()) {}

  [[nodiscard]] int keys_parsed() const noexcept { return keys_parsed_.load(); }
  Expected<std::unique_ptr<crypto::PublicKey>> public_key(ByteView spki) const override {
    ++keys_parsed_;
    return ForwardingProvider::public_key(spki);
  }

 private:
  mutable std::atomic<int> keys_parsed_{0};
};

struct Chain {
  Entity root = make_root("Anchor Key Root");
  Entity ca = make_ca("Anchor Key CA", root);
  Entity leaf = make_leaf(ca);
};

TEST(AnchorKey, IsParsedOncePerStoreAcrossVerifications) {
  const Chain c;
  TrustStore trust;
  trust.add(c.root.certificate);
  const std::vector<ParsedCertificate> intermediates{c.ca.certificate};
  const CountingProvider provider;
  ASSERT_TRUE(
      verify_certificate(provider, trust, c.leaf.certificate, intermediates, options_for()));
  // The root's key (to check the CA) and the CA's key (to check the leaf).
  EXPECT_EQ(provider.keys_parsed(), 2);
  ASSERT_TRUE(
      verify_certificate(provider, trust, c.leaf.certificate, intermediates, options_for()));
  // Only the CA's key again: the CA came from the peer, the root's key is kept by the store.
  EXPECT_EQ(provider.keys_parsed(), 3);
}

TEST(AnchorKey, IsOnlyGivenForTheStoresOwnAnchors) {
  const Chain c;
  TrustStore trust;
  trust.add(c.root.certificate);
  const CountingProvider provider;
  // The same certificate, parsed again: not the store's object, so not its anchor.
  auto copy = ParsedCertificate::copy_of(c.root.certificate.der());
  ASSERT_TRUE(copy);
  EXPECT_EQ(trust.anchor_key(provider, **copy), nullptr);
  EXPECT_EQ(trust.anchor_key(provider, *c.ca.certificate), nullptr);
  const auto anchors = trust.find_by_subject(c.root.certificate->subject());
  ASSERT_EQ(anchors.size(), 1u);
  const auto key = trust.anchor_key(provider, *anchors[0]);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(trust.anchor_key(provider, *anchors[0]), key);
  EXPECT_EQ(provider.keys_parsed(), 1);
}

TEST(AnchorKey, AddingAnAnchorStartsAFreshSetOfKeys) {
  const Chain c;
  TrustStore trust;
  trust.add(c.root.certificate);
  const CountingProvider provider;
  const auto anchors = trust.find_by_subject(c.root.certificate->subject());
  ASSERT_EQ(anchors.size(), 1u);
  const TrustStore before = trust;
  ASSERT_NE(trust.anchor_key(provider, *anchors[0]), nullptr);
  trust.add(make_root("Another Root").certificate);
  ASSERT_NE(trust.anchor_key(provider, *anchors[0]), nullptr);
  EXPECT_EQ(provider.keys_parsed(), 2);
  // The copy made before shares the first set.
  ASSERT_NE(before.anchor_key(provider, *anchors[0]), nullptr);
  EXPECT_EQ(provider.keys_parsed(), 2);
}

}  // namespace
}  // namespace cpptls::x509::testing
