// ECDSA, RSA PKCS#1 v1.5 and RSA-PSS: sign and verify round trips with generated keys, a
// flipped bit refused, mismatched key types refused, SPKI parsing.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::hex;
using test::real_provider;

std::unique_ptr<PublicKey> public_of(const PrivateKey& key) {
  auto spki = key.public_key_info();
  EXPECT_TRUE(spki.has_value());
  if (!spki) return nullptr;
  auto parsed = real_provider().public_key(*spki);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().to_string();
  return parsed ? std::move(*parsed) : nullptr;
}

std::unique_ptr<PrivateKey> generate(KeyType type) {
  auto key = real_provider().generate_private_key(type, 2048);
  EXPECT_TRUE(key.has_value()) << key.error().to_string();
  return key ? std::move(*key) : nullptr;
}

// The RSA-PSS key (id-RSASSA-PSS SPKI) is the binary's second and last RSA key.
const PrivateKey& shared_rsa_pss_key() {
  static const std::unique_ptr<PrivateKey> key = generate(KeyType::rsa_pss);
  if (!key) std::abort();
  return *key;
}

void expect_round_trip(const PrivateKey& key, const SignatureAlgorithm& algorithm) {
  SCOPED_TRACE(static_cast<int>(algorithm.kind) * 10 + static_cast<int>(algorithm.hash));
  auto verifier = public_of(key);
  ASSERT_NE(verifier, nullptr);
  const Bytes message = hex("0102030405060708090a0b0c0d0e0f10111213");
  auto signature = key.sign(algorithm, message);
  ASSERT_TRUE(signature.has_value()) << signature.error().to_string();
  EXPECT_TRUE(verifier->verify(algorithm, message, *signature).has_value());

  Bytes bad_signature = *signature;
  bad_signature[bad_signature.size() / 2] ^= 0x10;
  auto refused = verifier->verify(algorithm, message, bad_signature);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
  EXPECT_EQ(refused.error().alert(), AlertDescription::decrypt_error);
  EXPECT_EQ(refused.error().reason(), "signature does not verify");

  Bytes bad_message = message;
  bad_message[0] ^= 0x01;
  auto refused_message = verifier->verify(algorithm, bad_message, *signature);
  ASSERT_FALSE(refused_message.has_value());
  EXPECT_EQ(refused_message.error().code(), ErrorCode::bad_signature);
}

constexpr HashAlgorithm kHashes[] = {HashAlgorithm::sha256, HashAlgorithm::sha384,
                                     HashAlgorithm::sha512};

TEST(Ecdsa, P256SignsAndVerifiesWithEveryHash) {
  auto key = generate(KeyType::ec_p256);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->type(), KeyType::ec_p256);
  EXPECT_EQ(key->bits(), 256U);
  // X.509 allows ecdsa-with-SHA384 on a P-256 key, so every hash is accepted.
  for (const HashAlgorithm hash : kHashes)
    expect_round_trip(*key, {SignatureKind::ecdsa, hash});
}

TEST(Ecdsa, P384SignsAndVerifies) {
  auto key = generate(KeyType::ec_p384);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->bits(), 384U);
  expect_round_trip(*key, {SignatureKind::ecdsa, HashAlgorithm::sha384});
}

TEST(Ecdsa, SignatureIsDer) {
  auto key = generate(KeyType::ec_p256);
  ASSERT_NE(key, nullptr);
  auto signature = key->sign({SignatureKind::ecdsa, HashAlgorithm::sha256}, hex("00"));
  ASSERT_TRUE(signature.has_value());
  // SEQUENCE { INTEGER r, INTEGER s }, at most 72 bytes for P-256.
  ASSERT_GE(signature->size(), 8U);
  EXPECT_LE(signature->size(), 72U);
  EXPECT_EQ((*signature)[0], 0x30);
  EXPECT_EQ((*signature)[1], signature->size() - 2);
}

TEST(Ecdsa, RefusesASignatureFromAnotherKey) {
  auto signer = generate(KeyType::ec_p256);
  auto other = generate(KeyType::ec_p256);
  ASSERT_NE(signer, nullptr);
  ASSERT_NE(other, nullptr);
  const SignatureAlgorithm algorithm{SignatureKind::ecdsa, HashAlgorithm::sha256};
  auto signature = signer->sign(algorithm, hex("abcd"));
  ASSERT_TRUE(signature.has_value());
  auto verifier = public_of(*other);
  ASSERT_NE(verifier, nullptr);
  auto refused = verifier->verify(algorithm, hex("abcd"), *signature);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
}

TEST(RsaPkcs1, SignsAndVerifiesWithEveryHash) {
  const PrivateKey& key = test::shared_rsa_key();
  EXPECT_EQ(key.type(), KeyType::rsa);
  EXPECT_EQ(key.bits(), 2048U);
  for (const HashAlgorithm hash : kHashes) {
    expect_round_trip(key, {SignatureKind::rsa_pkcs1, hash});
  }
}

TEST(RsaPss, RsaeKeySignsAndVerifiesWithEveryHash) {
  for (const HashAlgorithm hash : kHashes) {
    expect_round_trip(test::shared_rsa_key(), {SignatureKind::rsa_pss, hash,
                                               static_cast<std::uint16_t>(digest_size(hash))});
  }
}

TEST(RsaPss, PssKeySignsAndVerifies) {
  const PrivateKey& key = shared_rsa_pss_key();
  EXPECT_EQ(key.type(), KeyType::rsa_pss);
  EXPECT_EQ(key.bits(), 2048U);
  expect_round_trip(key, {SignatureKind::rsa_pss, HashAlgorithm::sha256, 32});
  expect_round_trip(key, {SignatureKind::rsa_pss, HashAlgorithm::sha384, 0});
}

TEST(RsaPss, ZeroSaltLengthMeansTheDigestSize) {
  const PrivateKey& key = test::shared_rsa_key();
  auto verifier = public_of(key);
  ASSERT_NE(verifier, nullptr);
  auto signature = key.sign({SignatureKind::rsa_pss, HashAlgorithm::sha384, 0}, hex("aa"));
  ASSERT_TRUE(signature.has_value());
  EXPECT_TRUE(
      verifier->verify({SignatureKind::rsa_pss, HashAlgorithm::sha384, 48}, hex("aa"), *signature)
          .has_value());
}

TEST(RsaPss, RefusesASignatureWithAnotherSaltLength) {
  const PrivateKey& key = test::shared_rsa_key();
  auto verifier = public_of(key);
  ASSERT_NE(verifier, nullptr);
  auto signature = key.sign({SignatureKind::rsa_pss, HashAlgorithm::sha256, 20}, hex("bb"));
  ASSERT_TRUE(signature.has_value());
  auto refused =
      verifier->verify({SignatureKind::rsa_pss, HashAlgorithm::sha256, 32}, hex("bb"), *signature);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
}

TEST(RsaPss, RefusesAPkcs1SignatureAsPss) {
  const PrivateKey& key = test::shared_rsa_key();
  auto verifier = public_of(key);
  ASSERT_NE(verifier, nullptr);
  auto signature = key.sign({SignatureKind::rsa_pkcs1, HashAlgorithm::sha256}, hex("cc"));
  ASSERT_TRUE(signature.has_value());
  auto refused =
      verifier->verify({SignatureKind::rsa_pss, HashAlgorithm::sha256, 32}, hex("cc"), *signature);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::bad_signature);
}

void expect_unsupported(const Expected<void>& result) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::unsupported_algorithm);
  EXPECT_NE(result.error().reason().find("cannot make"), std::string::npos)
      << result.error().reason();
}

TEST(SignatureKeyMismatch, RefusesAlgorithmsTheKeyCannotMake) {
  auto ec = generate(KeyType::ec_p256);
  ASSERT_NE(ec, nullptr);
  auto ec_public = public_of(*ec);
  auto rsa_public = public_of(test::shared_rsa_key());
  auto pss_public = public_of(shared_rsa_pss_key());
  ASSERT_NE(ec_public, nullptr);
  ASSERT_NE(rsa_public, nullptr);
  ASSERT_NE(pss_public, nullptr);
  const Bytes message = hex("01");
  const Bytes signature(64, 0x01);
  expect_unsupported(
      rsa_public->verify({SignatureKind::ecdsa, HashAlgorithm::sha256}, message, signature));
  expect_unsupported(
      rsa_public->verify({SignatureKind::ed25519, HashAlgorithm::sha256}, message, signature));
  expect_unsupported(
      ec_public->verify({SignatureKind::rsa_pkcs1, HashAlgorithm::sha256}, message, signature));
  expect_unsupported(
      ec_public->verify({SignatureKind::rsa_pss, HashAlgorithm::sha256, 32}, message, signature));
  // RSA-PSS keys make PSS signatures only (RFC 4055 1.2).
  expect_unsupported(
      pss_public->verify({SignatureKind::rsa_pkcs1, HashAlgorithm::sha256}, message, signature));

  auto signed_with_wrong_kind =
      ec->sign({SignatureKind::rsa_pkcs1, HashAlgorithm::sha256}, message);
  ASSERT_FALSE(signed_with_wrong_kind.has_value());
  EXPECT_EQ(signed_with_wrong_kind.error().code(), ErrorCode::unsupported_algorithm);
}

TEST(RsaEncryption, OnlyRsaEncryptionKeysEncrypt) {
  auto ec = generate(KeyType::ec_p256);
  ASSERT_NE(ec, nullptr);
  auto ec_public = public_of(*ec);
  ASSERT_NE(ec_public, nullptr);
  auto refused = ec_public->encrypt_pkcs1(Bytes(48, 0x03));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::unsupported_algorithm);
  auto pss_public = public_of(shared_rsa_pss_key());
  ASSERT_NE(pss_public, nullptr);
  EXPECT_FALSE(pss_public->encrypt_pkcs1(Bytes(48, 0x03)).has_value());
}

TEST(PublicKeyInfo, RefusesTrailingBytes) {
  auto spki = test::shared_rsa_key().public_key_info();
  ASSERT_TRUE(spki.has_value());
  spki->push_back(0x00);
  auto parsed = real_provider().public_key(*spki);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::key_parse_failed);
  EXPECT_NE(parsed.error().reason().find("1 trailing bytes"), std::string::npos);
}

TEST(PublicKeyInfo, RefusesGarbage) {
  auto parsed = real_provider().public_key(hex("3003020101"));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::key_parse_failed);
  EXPECT_FALSE(real_provider().public_key({}).has_value());
}

TEST(PublicKeyInfo, RefusesKeyTypesWeDoNotSign) {
  // An X25519 SubjectPublicKeyInfo (RFC 8410): a key-agreement key, not a signing one.
  Bytes x25519 = hex("302a300506032b656e032100");
  x25519.resize(x25519.size() + 32, 0x09);
  auto parsed = real_provider().public_key(x25519);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::unsupported_algorithm);
}

TEST(PublicKeyInfo, RefusesCurvesOtherThanP256AndP384) {
  if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  test::TempDir dir;
  const std::string key = (dir.path() / "p521.pem").string();
  const std::string spki = (dir.path() / "p521.der").string();
  ASSERT_TRUE(test::run_command("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 "
                                "-out " +
                                key + " && openssl pkey -in " + key +
                                " -pubout -outform DER -out " + spki)
                  .has_value());
  auto der = test::read_text_file(spki);
  ASSERT_TRUE(der.has_value());
  auto parsed = real_provider().public_key(as_bytes(*der));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), ErrorCode::unsupported_algorithm);
  EXPECT_NE(parsed.error().reason().find("secp521r1"), std::string::npos)
      << parsed.error().reason();
}

TEST(PrivateKeyGeneration, RefusesRsaKeysBelow2048Bits) {
  auto key = real_provider().generate_private_key(KeyType::rsa, 1024);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::invalid_argument);
}

TEST(PrivateKeyGeneration, Ed25519KeysSignAndVerify) {
  auto key = generate(KeyType::ed25519);
  ASSERT_NE(key, nullptr);
  expect_round_trip(*key, {SignatureKind::ed25519, HashAlgorithm::sha512});
}

}  // namespace
}  // namespace cpptls::crypto
