// Ed25519 (RFC 8032 7.1 TEST 1-3): keys loaded from a PKCS#8 DER made from the 32-byte seed
// (RFC 8410 7), signatures compared byte for byte, verification through the SPKI.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

constexpr SignatureAlgorithm kEd25519{SignatureKind::ed25519, HashAlgorithm::sha512};

struct Rfc8032Vector {
  std::string_view secret;
  std::string_view public_key;
  std::string_view message;
  std::string_view signature;
};

// RFC 8410 7: PrivateKeyInfo { version 0, AlgorithmIdentifier id-Ed25519, OCTET STRING {
// OCTET STRING seed } } and SubjectPublicKeyInfo { id-Ed25519, BIT STRING key }.
Bytes pkcs8_from_seed(std::string_view seed) {
  Bytes der = hex("302e020100300506032b657004220420");
  const Bytes raw = hex(seed);
  der.insert(der.end(), raw.begin(), raw.end());
  return der;
}

Bytes spki_from_public(std::string_view public_key) {
  Bytes der = hex("302a300506032b6570032100");
  const Bytes raw = hex(public_key);
  der.insert(der.end(), raw.begin(), raw.end());
  return der;
}

void check_vector(const Rfc8032Vector& v) {
  auto key = real_provider().private_key_from_der(pkcs8_from_seed(v.secret));
  ASSERT_TRUE(key.has_value()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), KeyType::ed25519);
  EXPECT_EQ((*key)->bits(), 256U);
  const Bytes message = hex(v.message);
  auto signature = (*key)->sign(kEd25519, message);
  ASSERT_TRUE(signature.has_value()) << signature.error().to_string();
  EXPECT_EQ(*signature, hex(v.signature));

  auto spki = (*key)->public_key_info();
  ASSERT_TRUE(spki.has_value());
  EXPECT_EQ(*spki, spki_from_public(v.public_key));

  auto public_key = real_provider().public_key(spki_from_public(v.public_key));
  ASSERT_TRUE(public_key.has_value()) << public_key.error().to_string();
  EXPECT_EQ((*public_key)->type(), KeyType::ed25519);
  EXPECT_TRUE((*public_key)->verify(kEd25519, message, hex(v.signature)).has_value());

  Bytes flipped = hex(v.signature);
  flipped[10] ^= 0x04;
  auto refused = (*public_key)->verify(kEd25519, message, flipped);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
  EXPECT_EQ(refused.error().alert(), AlertDescription::decrypt_error);
  EXPECT_EQ(refused.error().reason(), "signature does not verify");
}

TEST(Ed25519, Rfc8032Test1EmptyMessage) {
  check_vector({"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"});
}

TEST(Ed25519, Rfc8032Test2OneByte) {
  check_vector({"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"});
}

TEST(Ed25519, Rfc8032Test3TwoBytes) {
  check_vector({"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"});
}

TEST(Ed25519, RefusesASignatureOverAnotherMessage) {
  auto public_key = real_provider().public_key(
      spki_from_public("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
  ASSERT_TRUE(public_key.has_value());
  auto refused =
      (*public_key)
          ->verify(kEd25519, hex("73"),
                   hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                       "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
}

TEST(Ed25519, RefusesASignatureOfTheWrongLength) {
  auto public_key = real_provider().public_key(
      spki_from_public("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
  ASSERT_TRUE(public_key.has_value());
  auto refused = (*public_key)->verify(kEd25519, hex("72"), Bytes(63, 0x01));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
}

}  // namespace
}  // namespace cpptls::crypto
