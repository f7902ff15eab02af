// HMAC through the provider's Mac: RFC 4231 test cases, reuse under one key, empty key.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

Bytes hmac_of(HashAlgorithm algorithm, ByteView key, ByteView data) {
  Bytes out(digest_size(algorithm));
  auto done = hmac_once(real_provider(), algorithm, key, data, out);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  return out;
}

// RFC 4231 4.2
TEST(Hmac, Rfc4231Case1) {
  const Bytes key(20, 0x0b);
  const ByteView data = as_bytes("Hi There");
  EXPECT_EQ(hmac_of(HashAlgorithm::sha256, key, data),
            hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
  EXPECT_EQ(hmac_of(HashAlgorithm::sha384, key, data),
            hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
                "faea9ea9076ede7f4af152e8b2fa9cb6"));
  EXPECT_EQ(hmac_of(HashAlgorithm::sha512, key, data),
            hex("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
}

// RFC 4231 4.3: a key shorter than the output.
TEST(Hmac, Rfc4231Case2) {
  const ByteView key = as_bytes("Jefe");
  const ByteView data = as_bytes("what do ya want for nothing?");
  EXPECT_EQ(hmac_of(HashAlgorithm::sha256, key, data),
            hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
  EXPECT_EQ(hmac_of(HashAlgorithm::sha384, key, data),
            hex("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                "8e2240ca5e69e2c78b3239ecfab21649"));
  EXPECT_EQ(hmac_of(HashAlgorithm::sha512, key, data),
            hex("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
}

// RFC 4231 4.6: output truncated to 128 bits.
TEST(Hmac, Rfc4231Case5TruncatedOutput) {
  const Bytes key(20, 0x0c);
  const ByteView data = as_bytes("Test With Truncation");
  const Bytes full = hmac_of(HashAlgorithm::sha256, key, data);
  EXPECT_EQ(Bytes(full.begin(), full.begin() + 16), hex("a3b6167473100ee06e0c796c2955552b"));
}

// RFC 4231 4.7: a key longer than the block is hashed first.
TEST(Hmac, Rfc4231Case6KeyLongerThanTheBlock) {
  const Bytes key(131, 0xaa);
  const ByteView data = as_bytes("Test Using Larger Than Block-Size Key - Hash Key First");
  EXPECT_EQ(hmac_of(HashAlgorithm::sha256, key, data),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
}

TEST(Hmac, EmptyKeyIsAValidKey) {
  EXPECT_EQ(hmac_of(HashAlgorithm::sha256, {}, {}),
            hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));
}

TEST(Hmac, FinishRestartsUnderTheSameKey) {
  const ByteView key = as_bytes("Jefe");
  auto mac = real_provider().hmac(HashAlgorithm::sha256, key);
  ASSERT_TRUE(mac.has_value());
  Bytes first(32);
  Bytes second(32);
  (*mac)->update(as_bytes("what do ya want "));
  (*mac)->update(as_bytes("for nothing?"));
  ASSERT_TRUE((*mac)->finish(first).has_value());
  (*mac)->update(as_bytes("Hi There"));
  ASSERT_TRUE((*mac)->finish(second).has_value());
  EXPECT_EQ(first, hmac_of(HashAlgorithm::sha256, key, as_bytes("what do ya want for nothing?")));
  EXPECT_EQ(second, hmac_of(HashAlgorithm::sha256, key, as_bytes("Hi There")));
}

TEST(Hmac, RefusesAnOutputBufferShorterThanTheDigest) {
  auto mac = real_provider().hmac(HashAlgorithm::sha384, as_bytes("k"));
  ASSERT_TRUE(mac.has_value());
  Bytes out(47);
  auto done = (*mac)->finish(out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code(), ErrorCode::buffer_too_small);
}

}  // namespace
}  // namespace cpptls::crypto
