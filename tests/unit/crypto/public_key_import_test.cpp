// Public keys taken in by their parts (crypto/openssl/public_key_import.cpp) behave as those
// decoded by libcrypto's general path: same type and size, same verdicts, and the same
// refusals for keys that are not valid.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

std::unique_ptr<PrivateKey> generate(KeyType type) {
  auto key = real_provider().generate_private_key(type, 2048);
  EXPECT_TRUE(key.has_value()) << key.error().to_string();
  return key ? std::move(*key) : nullptr;
}

Bytes spki_of(const PrivateKey& key) {
  auto spki = key.public_key_info();
  EXPECT_TRUE(spki.has_value());
  return spki ? *spki : Bytes{};
}

const Bytes kMessage = hex("48656c6c6f2c20636861696e21");

TEST(PublicKeyImport, KeepsTypeAndSizeOfEachKind) {
  struct Case {
    KeyType type;
    std::size_t bits;
  };
  for (const Case c :
       {Case{KeyType::ec_p256, 256}, Case{KeyType::ec_p384, 384}, Case{KeyType::ed25519, 256}}) {
    auto key = generate(c.type);
    ASSERT_NE(key, nullptr);
    auto parsed = real_provider().public_key(spki_of(*key));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
    EXPECT_EQ((*parsed)->type(), c.type);
    EXPECT_EQ((*parsed)->bits(), c.bits);
  }
  auto rsa = real_provider().public_key(spki_of(test::shared_rsa_key()));
  ASSERT_TRUE(rsa.has_value()) << rsa.error().to_string();
  EXPECT_EQ((*rsa)->type(), KeyType::rsa);
  EXPECT_EQ((*rsa)->bits(), 2048U);
}

TEST(PublicKeyImport, RsaKeyVerifiesPkcs1AndEncrypts) {
  const SignatureAlgorithm algorithm{SignatureKind::rsa_pkcs1, HashAlgorithm::sha256};
  auto signature = test::shared_rsa_key().sign(algorithm, kMessage);
  ASSERT_TRUE(signature.has_value());
  auto key = real_provider().public_key(spki_of(test::shared_rsa_key()));
  ASSERT_TRUE(key.has_value());
  EXPECT_TRUE((*key)->verify(algorithm, kMessage, *signature).has_value());
  EXPECT_EQ((*key)->encrypt_pkcs1(Bytes(48, 0x03)).value_or(Bytes{}).size(), 256U);
}

TEST(PublicKeyImport, RefusesEcPointNotOnTheCurve) {
  auto key = generate(KeyType::ec_p256);
  ASSERT_NE(key, nullptr);
  Bytes spki = spki_of(*key);
  ASSERT_EQ(spki.size(), 91U);  // 26 octets of structure, then 04 || X || Y
  spki.back() ^= 0x01;          // Y changed: (X, Y) is no longer on P-256
  auto parsed = real_provider().public_key(spki);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::key_parse_failed);
}

TEST(PublicKeyImport, AcceptsCompressedP256Point) {
  // RFC 5480 2.2: the compressed form 02/03 || X is a valid ECPoint too.
  auto key = generate(KeyType::ec_p256);
  ASSERT_NE(key, nullptr);
  const Bytes spki = spki_of(*key);
  ASSERT_EQ(spki.size(), 91U);
  const ByteView x = ByteView(spki).subspan(27, 32);
  const std::uint8_t y_last = spki.back();
  Bytes compressed = hex("3039301306072a8648ce3d020106082a8648ce3d030107032200");
  compressed.push_back((y_last & 1) != 0 ? 0x03 : 0x02);
  compressed.insert(compressed.end(), x.begin(), x.end());

  const SignatureAlgorithm algorithm{SignatureKind::ecdsa, HashAlgorithm::sha256};
  auto signature = key->sign(algorithm, kMessage);
  ASSERT_TRUE(signature.has_value());
  auto parsed = real_provider().public_key(compressed);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_TRUE((*parsed)->verify(algorithm, kMessage, *signature).has_value());
  Bytes other = kMessage;
  other[0] ^= 1;
  EXPECT_FALSE((*parsed)->verify(algorithm, other, *signature).has_value());
}

TEST(PublicKeyImport, RefusesEd25519KeyOfTheWrongLength) {
  Bytes spki = hex("302a300506032b6570032100");
  spki.resize(spki.size() + 32, 0x11);
  spki[1] = 0x29;   // SEQUENCE one octet shorter
  spki[10] = 0x20;  // BIT STRING of 31 key octets
  spki.pop_back();
  EXPECT_FALSE(real_provider().public_key(spki).has_value());
}

}  // namespace
}  // namespace cpptls::crypto
