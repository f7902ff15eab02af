// AEAD keys: RFC 8439 2.8.2 (ChaCha20-Poly1305), GCM spec test cases 3, 4, 15 and 16
// (McGrew and Viega), in-place round trips, and every kind of tampering failing alike.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

struct Vector {
  AeadAlgorithm algorithm;
  std::string_view key;
  std::string_view nonce;
  std::string_view aad;
  std::string_view plaintext;
  std::string_view ciphertext;
  std::string_view tag;
};

std::unique_ptr<AeadKey> key_for(AeadAlgorithm algorithm, ByteView key) {
  auto made = real_provider().aead(algorithm, key);
  EXPECT_TRUE(made.has_value()) << made.error().to_string();
  return made ? std::move(*made) : nullptr;
}

void check_vector(const Vector& v) {
  auto key = key_for(v.algorithm, hex(v.key));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->algorithm(), v.algorithm);
  Bytes data = hex(v.plaintext);
  Bytes tag(kAeadTagSize);
  ASSERT_TRUE(key->seal(hex(v.nonce), hex(v.aad), data, {}, data, tag).has_value());
  EXPECT_EQ(data, hex(v.ciphertext));
  EXPECT_EQ(tag, hex(v.tag));
  // A second key object opens it back (the same object works too; see RoundTrip below).
  auto opener = key_for(v.algorithm, hex(v.key));
  ASSERT_NE(opener, nullptr);
  auto opened = opener->open(hex(v.nonce), hex(v.aad), data, hex(v.tag));
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(data, hex(v.plaintext));
}

constexpr std::string_view kSunscreen =
    "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
    "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
    "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
    "637265656e20776f756c642062652069742e";

TEST(Aead, ChaCha20Poly1305Rfc8439Section2_8_2) {
  check_vector({AeadAlgorithm::chacha20_poly1305,
                "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
                "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7", kSunscreen,
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                "3ff4def08e4b7a9de576d26586cec64b6116",
                "1ae10b594f09e26a7e902ecbd0600691"});
}

constexpr std::string_view kGcmPlaintext64 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
constexpr std::string_view kGcmPlaintext60 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr std::string_view kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
constexpr std::string_view kGcmIv = "cafebabefacedbaddecaf888";

TEST(Aead, Aes128GcmSpecTestCase3) {
  check_vector({AeadAlgorithm::aes_128_gcm, "feffe9928665731c6d6a8f9467308308", kGcmIv, "",
                kGcmPlaintext64,
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                "4d5c2af327cd64a62cf35abd2ba6fab4"});
}

TEST(Aead, Aes128GcmSpecTestCase4) {
  check_vector({AeadAlgorithm::aes_128_gcm, "feffe9928665731c6d6a8f9467308308", kGcmIv, kGcmAad,
                kGcmPlaintext60,
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                "5bc94fbc3221a5db94fae95ae7121a47"});
}

TEST(Aead, Aes256GcmSpecTestCase15) {
  check_vector({AeadAlgorithm::aes_256_gcm,
                "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", kGcmIv, "",
                kGcmPlaintext64,
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
                "b094dac5d93471bdec1a502270e3cc6c"});
}

TEST(Aead, Aes256GcmSpecTestCase16) {
  check_vector({AeadAlgorithm::aes_256_gcm,
                "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", kGcmIv, kGcmAad,
                kGcmPlaintext60,
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                "76fc6ece0f4e1768cddf8853bb2d551b"});
}

class AeadEach : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  void SetUp() override {
    key_bytes_ = Bytes(key_size(GetParam()), 0x3c);
    key_ = key_for(GetParam(), key_bytes_);
    ASSERT_NE(key_, nullptr);
    plaintext_ = Bytes(300);
    for (std::size_t i = 0; i < plaintext_.size(); ++i) {
      plaintext_[i] = static_cast<std::uint8_t>(i * 7);
    }
    record_ = plaintext_;
    tag_ = Bytes(kAeadTagSize);
    ASSERT_TRUE(key_->seal(nonce_, aad_, record_, {}, record_, tag_).has_value());
  }

  void expect_open_fails(ByteView nonce, ByteView aad, Bytes record, ByteView tag) {
    auto opened = key_->open(nonce, aad, record, tag);
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().code(), ErrorCode::bad_record_mac);
    EXPECT_EQ(opened.error().alert(), AlertDescription::bad_record_mac);
    EXPECT_EQ(opened.error().reason(), "record authentication failed");
    // No unauthenticated plaintext is left for the caller.
    EXPECT_NE(record, plaintext_);
  }

  Bytes key_bytes_;
  std::unique_ptr<AeadKey> key_;
  Bytes nonce_ = Bytes(kAeadNonceSize, 0x01);
  Bytes aad_ = {0x17, 0x03, 0x03, 0x01, 0x3c};
  Bytes plaintext_;
  Bytes record_;
  Bytes tag_;
};

TEST_P(AeadEach, SealsAndOpensInPlaceWithTheSameKeyObject) {
  EXPECT_NE(record_, plaintext_);
  ASSERT_TRUE(key_->open(nonce_, aad_, record_, tag_).has_value());
  EXPECT_EQ(record_, plaintext_);
  // And again with another nonce, to show the nonce is all that changes per call.
  Bytes nonce2(kAeadNonceSize, 0x02);
  Bytes tag2(kAeadTagSize);
  ASSERT_TRUE(key_->seal(nonce2, aad_, record_, {}, record_, tag2).has_value());
  EXPECT_NE(tag2, tag_);
  ASSERT_TRUE(key_->open(nonce2, aad_, record_, tag2).has_value());
  EXPECT_EQ(record_, plaintext_);
}

TEST_P(AeadEach, EmptyPlaintextStillAuthenticates) {
  Bytes empty;
  Bytes tag(kAeadTagSize);
  ASSERT_TRUE(key_->seal(nonce_, aad_, empty, {}, empty, tag).has_value());
  EXPECT_TRUE(key_->open(nonce_, aad_, empty, tag).has_value());
  tag[0] ^= 0x80;
  auto opened = key_->open(nonce_, aad_, empty, tag);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code(), ErrorCode::bad_record_mac);
}

TEST_P(AeadEach, TamperedTagFails) {
  Bytes tag = tag_;
  tag[15] ^= 0x01;
  expect_open_fails(nonce_, aad_, record_, tag);
}

TEST_P(AeadEach, TamperedCiphertextFails) {
  Bytes record = record_;
  record[100] ^= 0x20;
  expect_open_fails(nonce_, aad_, record, tag_);
}

TEST_P(AeadEach, TamperedAadFails) {
  Bytes aad = aad_;
  aad[4] ^= 0x01;
  expect_open_fails(nonce_, aad, record_, tag_);
}

TEST_P(AeadEach, WrongNonceFails) {
  Bytes nonce = nonce_;
  nonce[11] ^= 0x01;
  expect_open_fails(nonce, aad_, record_, tag_);
}

TEST_P(AeadEach, OpensAgainAfterAFailedOpen) {
  Bytes bad = record_;
  bad[0] ^= 1;
  expect_open_fails(nonce_, aad_, bad, tag_);
  ASSERT_TRUE(key_->open(nonce_, aad_, record_, tag_).has_value());
  EXPECT_EQ(record_, plaintext_);
}

TEST_P(AeadEach, RefusesWrongNonceAndTagSizesAsMisuse) {
  Bytes data(10);
  Bytes tag(kAeadTagSize);
  auto short_nonce = key_->seal(Bytes(8, 0), {}, data, {}, data, tag);
  ASSERT_FALSE(short_nonce.has_value());
  EXPECT_EQ(short_nonce.error().kind(), ErrorKind::api_misuse);
  Bytes short_tag(12);
  auto bad_tag = key_->seal(nonce_, {}, data, {}, data, short_tag);
  ASSERT_FALSE(bad_tag.has_value());
  EXPECT_EQ(bad_tag.error().kind(), ErrorKind::api_misuse);
  auto bad_open = key_->open(nonce_, {}, data, short_tag);
  ASSERT_FALSE(bad_open.has_value());
  EXPECT_EQ(bad_open.error().kind(), ErrorKind::api_misuse);
}

// TLS 1.3 seals the fragment and the inner content type (plus padding) as one plaintext
// (RFC 8446 5.2); sealing them from two places must equal sealing them joined.
TEST_P(AeadEach, OutOfPlaceSealWithTrailerEqualsSealingTheJoinedPlaintext) {
  const Bytes trailer = {0x17, 0x00, 0x00};
  Bytes joined = plaintext_;
  joined.insert(joined.end(), trailer.begin(), trailer.end());
  Bytes joined_tag(kAeadTagSize);
  ASSERT_TRUE(key_->seal(nonce_, aad_, joined, {}, joined, joined_tag).has_value());

  Bytes out(plaintext_.size() + trailer.size());
  Bytes tag(kAeadTagSize);
  ASSERT_TRUE(key_->seal(nonce_, aad_, plaintext_, trailer, out, tag).has_value());
  EXPECT_EQ(out, joined);
  EXPECT_EQ(tag, joined_tag);

  // In place with a trailer: the plaintext already sits at the start of out.
  Bytes in_place(plaintext_.size() + trailer.size());
  std::copy(plaintext_.begin(), plaintext_.end(), in_place.begin());
  Bytes tag2(kAeadTagSize);
  ASSERT_TRUE(
      key_->seal(nonce_, aad_, ByteView(in_place).first(plaintext_.size()), trailer, in_place, tag2)
          .has_value());
  EXPECT_EQ(in_place, joined);
  EXPECT_EQ(tag2, joined_tag);

  ASSERT_TRUE(key_->open(nonce_, aad_, out, tag).has_value());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(plaintext_.size())),
            plaintext_);
}

TEST_P(AeadEach, RefusesAnOutputOfTheWrongSizeOrOverlappingBuffers) {
  Bytes buffer(64, 0x05);
  Bytes tag(kAeadTagSize);
  const ByteView plaintext = ByteView(buffer).first(32);
  auto too_short =
      key_->seal(nonce_, {}, plaintext, {}, MutableByteView(buffer).subspan(32, 31), tag);
  ASSERT_FALSE(too_short.has_value());
  EXPECT_EQ(too_short.error().kind(), ErrorKind::api_misuse);
  // The plaintext overlaps out but does not start where out starts.
  auto shifted = key_->seal(nonce_, {}, plaintext, {}, MutableByteView(buffer).subspan(8, 32), tag);
  ASSERT_FALSE(shifted.has_value());
  EXPECT_EQ(shifted.error().kind(), ErrorKind::api_misuse);
  // The trailer lies inside out.
  auto trailer_inside =
      key_->seal(nonce_, {}, ByteView(buffer).first(16), ByteView(buffer).subspan(16, 4),
                 MutableByteView(buffer).first(20), tag);
  ASSERT_FALSE(trailer_inside.has_value());
  EXPECT_EQ(trailer_inside.error().kind(), ErrorKind::api_misuse);
}

TEST_P(AeadEach, RefusesAKeyOfTheWrongSize) {
  auto made = real_provider().aead(GetParam(), Bytes(key_size(GetParam()) - 1, 0));
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().code(), ErrorCode::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(All, AeadEach,
                         ::testing::Values(AeadAlgorithm::aes_128_gcm, AeadAlgorithm::aes_256_gcm,
                                           AeadAlgorithm::chacha20_poly1305),
                         [](const ::testing::TestParamInfo<AeadAlgorithm>& param_info) {
                           switch (param_info.param) {
                             case AeadAlgorithm::aes_128_gcm:
                               return std::string("Aes128Gcm");
                             case AeadAlgorithm::aes_256_gcm:
                               return std::string("Aes256Gcm");
                             case AeadAlgorithm::chacha20_poly1305:
                               return std::string("ChaCha");
                           }
                           return std::string("Unknown");
                         });

}  // namespace
}  // namespace cpptls::crypto
