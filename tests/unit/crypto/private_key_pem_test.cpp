// Loading private keys written by the openssl command line: PKCS#8 PEM, traditional RSA and
// EC PEM, DER PKCS#8; garbage and encrypted keys refused with key_parse_failed.

#include <gtest/gtest.h>

#include "unit/crypto/test_support.hpp"

namespace cpptls::crypto {
namespace {

using test::real_provider;

class PemKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_openssl_command()) GTEST_SKIP() << "the openssl command is not installed";
  }

  // Runs an openssl command with the temp folder as working directory.
  void run(const std::string& command) {
    ASSERT_TRUE(test::run_command("cd " + dir_.path().string() + " && " + command).has_value())
        << command;
  }

  std::string text(const std::string& name) {
    auto read = test::read_text_file(dir_.path() / name);
    EXPECT_TRUE(read.has_value()) << name;
    return read.value_or("");
  }

  // Loads `name`, checks its type, that it signs, and that its SPKI equals the command
  // line's.
  void check_loads(const std::string& name, KeyType type, const SignatureAlgorithm& algorithm) {
    const std::string pem = text(name);
    auto key = real_provider().private_key_from_pem(pem);
    ASSERT_TRUE(key.has_value()) << name << ": " << key.error().to_string();
    EXPECT_EQ((*key)->type(), type) << name;
    run("openssl pkey -in " + name + " -pubout -outform DER -out " + name + ".spki");
    auto spki = (*key)->public_key_info();
    ASSERT_TRUE(spki.has_value());
    const std::string expected = text(name + ".spki");
    EXPECT_EQ(*spki, Bytes(expected.begin(), expected.end()));
    auto verifier = real_provider().public_key(*spki);
    ASSERT_TRUE(verifier.has_value());
    auto signature = (*key)->sign(algorithm, as_bytes("pem"));
    ASSERT_TRUE(signature.has_value()) << signature.error().to_string();
    EXPECT_TRUE((*verifier)->verify(algorithm, as_bytes("pem"), *signature).has_value());
  }

  test::TempDir dir_;
};

TEST_F(PemKeys, LoadsPkcs8EcKey) {
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem");
  EXPECT_NE(text("p256.pem").find("BEGIN PRIVATE KEY"), std::string::npos);
  check_loads("p256.pem", KeyType::ec_p256, {SignatureKind::ecdsa, HashAlgorithm::sha256});
}

TEST_F(PemKeys, LoadsTraditionalEcKey) {
  run("openssl ecparam -name secp384r1 -genkey -noout -out p384.pem");
  EXPECT_NE(text("p384.pem").find("BEGIN EC PRIVATE KEY"), std::string::npos);
  check_loads("p384.pem", KeyType::ec_p384, {SignatureKind::ecdsa, HashAlgorithm::sha384});
}

TEST_F(PemKeys, LoadsTraditionalAndPkcs8RsaKey) {
  run("openssl genrsa -traditional -out rsa.pem 2048");
  EXPECT_NE(text("rsa.pem").find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  check_loads("rsa.pem", KeyType::rsa, {SignatureKind::rsa_pkcs1, HashAlgorithm::sha256});
  run("openssl pkey -in rsa.pem -out rsa8.pem");
  EXPECT_NE(text("rsa8.pem").find("BEGIN PRIVATE KEY"), std::string::npos);
  check_loads("rsa8.pem", KeyType::rsa, {SignatureKind::rsa_pss, HashAlgorithm::sha256, 32});
}

TEST_F(PemKeys, LoadsPkcs8Ed25519Key) {
  run("openssl genpkey -algorithm ED25519 -out ed.pem");
  check_loads("ed.pem", KeyType::ed25519, {SignatureKind::ed25519, HashAlgorithm::sha512});
}

TEST_F(PemKeys, LoadsDerPkcs8) {
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out k.pem && "
      "openssl pkcs8 -topk8 -nocrypt -in k.pem -outform DER -out k.der");
  const std::string der = text("k.der");
  auto key = real_provider().private_key_from_der(as_bytes(der));
  ASSERT_TRUE(key.has_value()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), KeyType::ec_p384);

  std::string trailing = der + '\0';
  auto refused = real_provider().private_key_from_der(as_bytes(trailing));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::key_parse_failed);
  EXPECT_NE(refused.error().reason().find("1 trailing bytes"), std::string::npos);
}

TEST_F(PemKeys, RefusesAnEncryptedKeyWithoutPrompting) {
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc "
      "-pass pass:secret -out enc.pem");
  auto key = real_provider().private_key_from_pem(text("enc.pem"));
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::key_parse_failed);
  EXPECT_NE(key.error().reason().find("encrypted"), std::string::npos) << key.error().reason();
}

TEST_F(PemKeys, RefusesAPublicKeyPem) {
  run("openssl genpkey -algorithm ED25519 -out ed.pem && openssl pkey -in ed.pem -pubout "
      "-out pub.pem");
  auto key = real_provider().private_key_from_pem(text("pub.pem"));
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::key_parse_failed);
}

TEST(PemGarbage, RefusesTextThatIsNoKey) {
  for (const std::string_view pem :
       {std::string_view("hello"), std::string_view(""),
        std::string_view("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        std::string_view("-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n"
                         "-----END RSA PRIVATE KEY-----\n")}) {
    auto key = real_provider().private_key_from_pem(pem);
    ASSERT_FALSE(key.has_value()) << pem;
    EXPECT_EQ(key.error().code(), ErrorCode::key_parse_failed) << pem;
    EXPECT_FALSE(key.error().reason().empty());
  }
}

TEST(DerGarbage, RefusesBytesThatAreNoPkcs8) {
  auto key = real_provider().private_key_from_der(test::hex("300500030100ff"));
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code(), ErrorCode::key_parse_failed);
  EXPECT_FALSE(real_provider().private_key_from_der({}).has_value());
}

}  // namespace
}  // namespace cpptls::crypto
