// SHA-2 through the provider's Hash: FIPS 180-4 "abc" vectors, reuse after finish, clone.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

Bytes digest_of(HashAlgorithm algorithm, std::string_view text) {
  Bytes out(digest_size(algorithm));
  auto done = hash_once(real_provider(), algorithm, as_bytes(text), out);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  return out;
}

TEST(Hash, Sha256OfAbcMatchesFips180) {
  EXPECT_EQ(digest_of(HashAlgorithm::sha256, "abc"),
            hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

TEST(Hash, Sha384OfAbcMatchesFips180) {
  EXPECT_EQ(digest_of(HashAlgorithm::sha384, "abc"),
            hex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                "8086072ba1e7cc2358baeca134c825a7"));
}

TEST(Hash, Sha512OfAbcMatchesFips180) {
  EXPECT_EQ(digest_of(HashAlgorithm::sha512, "abc"),
            hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
}

TEST(Hash, Sha256OfEmptyInput) {
  EXPECT_EQ(digest_of(HashAlgorithm::sha256, ""),
            hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

TEST(Hash, FinishResetsToTheEmptyState) {
  auto hash = real_provider().hash(HashAlgorithm::sha256);
  ASSERT_TRUE(hash.has_value());
  Bytes first(32);
  Bytes second(32);
  (*hash)->update(as_bytes("abc"));
  ASSERT_TRUE((*hash)->finish(first).has_value());
  (*hash)->update(as_bytes("abc"));
  ASSERT_TRUE((*hash)->finish(second).has_value());
  EXPECT_EQ(first, second);
  EXPECT_EQ(first, digest_of(HashAlgorithm::sha256, "abc"));
}

TEST(Hash, CloneCarriesTheRunningStateAndStaysIndependent) {
  auto hash = real_provider().hash(HashAlgorithm::sha384);
  ASSERT_TRUE(hash.has_value());
  (*hash)->update(as_bytes("a"));
  auto copy = (*hash)->clone();
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ((*copy)->algorithm(), HashAlgorithm::sha384);
  (*hash)->update(as_bytes("bc"));
  (*copy)->update(as_bytes("b"));
  Bytes original(48);
  Bytes cloned(48);
  ASSERT_TRUE((*hash)->finish(original).has_value());
  ASSERT_TRUE((*copy)->finish(cloned).has_value());
  EXPECT_EQ(original, digest_of(HashAlgorithm::sha384, "abc"));
  EXPECT_EQ(cloned, digest_of(HashAlgorithm::sha384, "ab"));
}

TEST(Hash, RefusesAnOutputBufferShorterThanTheDigest) {
  auto hash = real_provider().hash(HashAlgorithm::sha512);
  ASSERT_TRUE(hash.has_value());
  Bytes out(63);
  auto done = (*hash)->finish(out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code(), ErrorCode::buffer_too_small);
}

}  // namespace
}  // namespace cpptls::crypto
