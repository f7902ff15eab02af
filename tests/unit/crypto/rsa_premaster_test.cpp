// RSA key transport, server side (RFC 5246 7.4.7.1): the exact premaster for a good
// ciphertext; for bad padding, a wrong version or random bytes, 48 random bytes without an
// error, different on every call; an error only for a ciphertext of the wrong length.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::real_provider;

constexpr std::uint16_t kTls12 = 0x0303;

class RsaPremaster : public ::testing::Test {
 protected:
  void SetUp() override {
    auto spki = key().public_key_info();
    ASSERT_TRUE(spki.has_value());
    auto parsed = real_provider().public_key(*spki);
    ASSERT_TRUE(parsed.has_value());
    public_ = std::move(*parsed);
    premaster_ = Bytes(48);
    ASSERT_TRUE(real_provider().random(premaster_).has_value());
    premaster_[0] = 0x03;
    premaster_[1] = 0x03;
  }

  static const PrivateKey& key() { return test::shared_rsa_key(); }

  Bytes encrypt(ByteView plaintext) {
    auto ciphertext = public_->encrypt_pkcs1(plaintext);
    EXPECT_TRUE(ciphertext.has_value()) << ciphertext.error().to_string();
    return ciphertext.value_or(Bytes{});
  }

  Bytes decrypt(ByteView ciphertext, std::uint16_t version = kTls12) {
    auto result = key().decrypt_premaster(ciphertext, version);
    EXPECT_TRUE(result.has_value()) << result.error().to_string();
    if (!result) return {};
    EXPECT_EQ(result->size(), 48U);
    return Bytes(result->begin(), result->end());
  }

  // Two decryptions of a bad ciphertext: each 48 bytes, unlike the real premaster and
  // unlike each other (fresh random bytes every time).
  void expect_random_substitute(ByteView ciphertext, std::uint16_t version = kTls12) {
    const Bytes first = decrypt(ciphertext, version);
    const Bytes second = decrypt(ciphertext, version);
    EXPECT_EQ(first.size(), 48U);
    EXPECT_NE(first, premaster_);
    EXPECT_NE(second, premaster_);
    EXPECT_NE(first, second);
  }

  // Raw RSA (no padding) of a block we build, with the openssl command line.
  std::optional<Bytes> raw_rsa(ByteView block) {
    test::TempDir dir;
    auto spki = key().public_key_info();
    if (!spki) return std::nullopt;
    const auto write = [&](const std::string& name, ByteView bytes) {
      FILE* file = fopen((dir.path() / name).c_str(), "wb");
      if (file == nullptr) return false;
      const bool ok = fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
      fclose(file);
      return ok;
    };
    if (!write("pub.der", *spki) || !write("block", block)) return std::nullopt;
    const std::string d = dir.path().string();
    if (!test::run_command("openssl pkeyutl -encrypt -pubin -keyform DER -inkey " + d +
                           "/pub.der -pkeyopt rsa_padding_mode:none -in " + d + "/block -out " + d +
                           "/ct")) {
      return std::nullopt;
    }
    auto text = test::read_text_file(dir.path() / "ct");
    if (!text) return std::nullopt;
    return Bytes(as_bytes(*text).begin(), as_bytes(*text).end());
  }

  // 00 02 <non-zero padding> 00 <premaster>, with a hook to break it.
  Bytes padded_block() {
    Bytes block(256);
    block[0] = 0x00;
    block[1] = 0x02;
    for (std::size_t i = 2; i < 256 - 49; ++i)
      block[i] = static_cast<std::uint8_t>(0x11 + i % 7);
    block[256 - 49] = 0x00;
    std::copy(premaster_.begin(), premaster_.end(), block.end() - 48);
    return block;
  }

  std::unique_ptr<PublicKey> public_;
  Bytes premaster_;
};

TEST_F(RsaPremaster, GoodCiphertextGivesTheExactPremaster) {
  EXPECT_EQ(decrypt(encrypt(premaster_)), premaster_);
}

TEST_F(RsaPremaster, HandBuiltPaddingDecryptsLikeLibcryptoPadding) {
  if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  auto ciphertext = raw_rsa(padded_block());
  ASSERT_TRUE(ciphertext.has_value());
  EXPECT_EQ(decrypt(*ciphertext), premaster_);
}

TEST_F(RsaPremaster, WrongVersionGivesRandomBytesWithoutError) {
  Bytes old_version = premaster_;
  old_version[1] = 0x01;  // TLS 1.0 in the premaster, TLS 1.2 offered
  expect_random_substitute(encrypt(old_version));
  // And the same good ciphertext checked against another offered version.
  expect_random_substitute(encrypt(premaster_), 0x0302);
}

TEST_F(RsaPremaster, PremasterOfTheWrongLengthGivesRandomBytesWithoutError) {
  expect_random_substitute(encrypt(Bytes(premaster_.begin(), premaster_.end() - 1)));
  Bytes longer = premaster_;
  longer.push_back(0x00);
  expect_random_substitute(encrypt(longer));
}

TEST_F(RsaPremaster, BadPaddingGivesRandomBytesWithoutError) {
  if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  Bytes wrong_type = padded_block();
  wrong_type[1] = 0x01;  // block type 1 (signature padding)
  auto ct1 = raw_rsa(wrong_type);
  ASSERT_TRUE(ct1.has_value());
  expect_random_substitute(*ct1);

  Bytes no_separator = padded_block();
  no_separator[256 - 49] = 0x42;  // no zero byte before the premaster
  auto ct2 = raw_rsa(no_separator);
  ASSERT_TRUE(ct2.has_value());
  expect_random_substitute(*ct2);

  Bytes short_padding = padded_block();
  short_padding[5] = 0x00;  // separator after 3 bytes of padding; at least 8 are required
  auto ct3 = raw_rsa(short_padding);
  ASSERT_TRUE(ct3.has_value());
  expect_random_substitute(*ct3);
}

TEST_F(RsaPremaster, RandomCiphertextGivesRandomBytesWithoutError) {
  Bytes random(256);
  ASSERT_TRUE(real_provider().random(random).has_value());
  random[0] = 0x00;  // below the modulus
  expect_random_substitute(random);
  // Not below the modulus: libcrypto refuses it outright, and we still answer with random
  // bytes rather than an error.
  expect_random_substitute(Bytes(256, 0xff));
}

TEST_F(RsaPremaster, CiphertextOfTheWrongLengthIsAnError) {
  for (const std::size_t size : {0U, 255U, 257U}) {
    auto result = key().decrypt_premaster(Bytes(size, 0x01), kTls12);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind(), ErrorKind::decode);
    EXPECT_EQ(result.error().code(), ErrorCode::length_out_of_range);
    EXPECT_NE(result.error().reason().find("modulus has 256"), std::string::npos);
  }
}

TEST(RsaPremasterKeyType, OnlyRsaKeysDecrypt) {
  auto ec = real_provider().generate_private_key(KeyType::ec_p256);
  ASSERT_TRUE(ec.has_value());
  auto result = (*ec)->decrypt_premaster(Bytes(256, 0x01), kTls12);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::unsupported_algorithm);
}

}  // namespace
}  // namespace cpptls::crypto
