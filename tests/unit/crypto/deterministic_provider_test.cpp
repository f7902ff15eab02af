// The deterministic provider: same seed, same bytes and key shares; queued values come out in
// order; the clock is fixed; everything else is the inner provider's.

#include "crypto/testing/deterministic_provider.hpp"

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;
using testing::DeterministicProvider;

Bytes draw(const Provider& provider, std::size_t size) {
  Bytes out(size);
  auto done = provider.random(out);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  return out;
}

Bytes public_of_next_share(const Provider& provider, NamedGroup group) {
  auto share = provider.generate_key_share(group);
  EXPECT_TRUE(share.has_value()) << share.error().to_string();
  if (!share) return {};
  return Bytes((*share)->public_value().begin(), (*share)->public_value().end());
}

TEST(DeterministicProvider, SameSeedGivesTheSameBytes) {
  const DeterministicProvider a(real_provider(), 42, 0);
  const DeterministicProvider b(real_provider(), 42, 0);
  for (const std::size_t size : {1U, 32U, 33U, 100U})
    EXPECT_EQ(draw(a, size), draw(b, size));
}

TEST(DeterministicProvider, StreamIsHmacSha256OfTheCounterUnderTheSeed) {
  const DeterministicProvider provider(real_provider(), 0x0102030405060708, 0);
  Bytes expected(32);
  ASSERT_TRUE(hmac_once(real_provider(), HashAlgorithm::sha256, hex("0102030405060708"),
                        hex("0000000000000000"), expected)
                  .has_value());
  EXPECT_EQ(draw(provider, 32), expected);
}

TEST(DeterministicProvider, DifferentSeedsAndSuccessiveCallsDiffer) {
  const DeterministicProvider a(real_provider(), 1, 0);
  const DeterministicProvider b(real_provider(), 2, 0);
  const Bytes first = draw(a, 32);
  EXPECT_NE(first, draw(b, 32));
  EXPECT_NE(first, draw(a, 32));
}

TEST(DeterministicProvider, SameSeedGivesTheSameKeyShares) {
  for (const NamedGroup group :
       {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1}) {
    const DeterministicProvider a(real_provider(), 7, 0);
    const DeterministicProvider b(real_provider(), 7, 0);
    const Bytes first = public_of_next_share(a, group);
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(first, public_of_next_share(b, group));
    EXPECT_NE(first, public_of_next_share(a, group));
  }
}

TEST(DeterministicProvider, QueuedRandomValuesComeOutInOrderBeforeTheStream) {
  DeterministicProvider provider(real_provider(), 9, 0);
  const DeterministicProvider reference(real_provider(), 9, 0);
  provider.queue_random(hex("00112233"));
  provider.queue_random(hex("aabbccddeeff"));
  EXPECT_EQ(draw(provider, 4), hex("00112233"));
  EXPECT_EQ(draw(provider, 6), hex("aabbccddeeff"));
  EXPECT_EQ(draw(provider, 32), draw(reference, 32));
}

TEST(DeterministicProvider, QueuedRandomOfTheWrongLengthIsAnError) {
  DeterministicProvider provider(real_provider(), 9, 0);
  provider.queue_random(hex("0011"));
  Bytes out(3);
  auto done = provider.random(out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code(), ErrorCode::invalid_argument);
}

TEST(DeterministicProvider, QueuedKeySharesComeOutInOrderPerGroup) {
  DeterministicProvider provider(real_provider(), 3, 0);
  // RFC 7748 6.1 Alice and Bob.
  provider.queue_key_share_private(
      NamedGroup::x25519, hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  provider.queue_key_share_private(
      NamedGroup::secp256r1,
      hex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
  provider.queue_key_share_private(
      NamedGroup::x25519, hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  EXPECT_EQ(public_of_next_share(provider, NamedGroup::x25519),
            hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
  EXPECT_EQ(public_of_next_share(provider, NamedGroup::x25519),
            hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
  // RFC 5903 8.1 initiator.
  EXPECT_EQ(public_of_next_share(provider, NamedGroup::secp256r1),
            hex("04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
                "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"));
  // The queue is empty again: the stream takes over.
  const DeterministicProvider reference(real_provider(), 3, 0);
  EXPECT_EQ(public_of_next_share(provider, NamedGroup::x25519),
            public_of_next_share(reference, NamedGroup::x25519));
}

TEST(DeterministicProvider, ClockIsFixedAndSettable) {
  DeterministicProvider provider(real_provider(), 1, 1700000000);
  EXPECT_EQ(provider.now(), 1700000000);
  EXPECT_EQ(provider.now(), 1700000000);
  provider.set_now(1800000000);
  EXPECT_EQ(provider.now(), 1800000000);
}

TEST(DeterministicProvider, ForwardsEverythingElseToTheInnerProvider) {
  const DeterministicProvider provider(real_provider(), 1, 0);
  Bytes digest(32);
  ASSERT_TRUE(hash_once(provider, HashAlgorithm::sha256, as_bytes("abc"), digest).has_value());
  EXPECT_EQ(digest, hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_NE(provider.version().find(real_provider().version()), std::string::npos);
  auto share = provider.generate_key_share(NamedGroup::x448);
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().code(), ErrorCode::unsupported_algorithm);
}

}  // namespace
}  // namespace cpptls::crypto
