// verify_certificate on the openssl-made test PKI (tests/pki/make-test-pki.sh): RSA, RSA-PSS,
// ECDSA and Ed25519 chains, policies, name constraints, a cross-signed root and an expired
// intermediate beside a valid one, as another implementation issued them.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "test_pki.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;

ParsedCertificate load(std::string_view name) {
  auto parsed = ParsedCertificate::parse(pki_der(name));
  EXPECT_TRUE(parsed) << name << ": " << (parsed ? "" : parsed.error().reason());
  if (!parsed) std::abort();
  return *parsed;
}

Expected<CertificateVerified> verify_pki(std::string_view leaf,
                                         const std::vector<std::string>& intermediates,
                                         const std::vector<std::string>& anchors,
                                         std::string_view host) {
  TrustStore trust;
  for (const std::string& anchor : anchors)
    trust.add(load(anchor));
  std::vector<ParsedCertificate> chain;
  for (const std::string& intermediate : intermediates)
    chain.push_back(load(intermediate));
  VerifyOptions options;
  options.time = test_provider().now();
  options.host = std::string(host);
  return verify_certificate(test_provider(), trust, load(leaf), chain, options);
}

TEST(VerifyPki, AcceptsTheRsaChainForItsNamesAndAddresses) {
  for (const char* host : {"www.example.org", "example.org", "192.0.2.1", "2001:db8::1"}) {
    auto result = verify_pki("leaf-rsa", {"int-rsa"}, {"root-rsa"}, host);
    EXPECT_TRUE(result) << host << ": " << reason_of(result);
  }
  auto wrong = verify_pki("leaf-rsa", {"int-rsa"}, {"root-rsa"}, "www.example.net");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::certificate_name_mismatch);
}

TEST(VerifyPki, AcceptsEcdsaEd25519AndPssChains) {
  auto ec = verify_pki("leaf-ec", {"int-ec"}, {"root-ec"}, "foo.example.com");
  EXPECT_TRUE(ec) << reason_of(ec);
  auto ed = verify_pki("leaf-ed25519", {}, {"root-ed25519"}, "leaf.example.com");
  EXPECT_TRUE(ed) << reason_of(ed);
  auto pss = verify_pki("leaf-pss", {"int-rsa"}, {"root-rsa"}, "leaf.example.com");
  EXPECT_TRUE(pss) << reason_of(pss);
}

TEST(VerifyPki, RefusesSha1AndVersion1Leaves) {
  auto sha1 = verify_pki("leaf-sha1", {"int-rsa"}, {"root-rsa"}, "leaf.example.com");
  ASSERT_FALSE(sha1);
  EXPECT_EQ(sha1.error().code(), ErrorCode::certificate_unsupported);
  EXPECT_THAT(sha1.error().reason(),
              HasSubstr("CN=sha1.example.com is signed with sha1WithRSAEncryption, which uses "
                        "SHA-1, which is not accepted for signatures"));
  auto v1 = verify_pki("leaf-v1", {"int-rsa"}, {"root-rsa"}, "");
  ASSERT_FALSE(v1);
  EXPECT_THAT(v1.error().reason(), HasSubstr("is a version 1 certificate"));
}

TEST(VerifyPki, RefusesALeafIssuedByANonCa) {
  auto result = verify_pki("leaf-of-not-ca", {"int-not-ca"}, {"root-rsa"}, "leaf.example.com");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_invalid);
  EXPECT_THAT(result.error().reason(), HasSubstr("CN=Test Not A CA"));
}

TEST(VerifyPki, AppliesOpensslMadeNameConstraints) {
  auto ok = verify_pki("leaf-nc-ok-server", {"int-nc"}, {"root-rsa"}, "ok.example.com");
  EXPECT_TRUE(ok) << reason_of(ok);
  auto bad = verify_pki("leaf-nc-bad-server", {"int-nc"}, {"root-rsa"}, "ok.example.com");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().reason(),
              HasSubstr("dNSName bad.example.com, which the name constraints of "
                        "CN=Test Constrained CA,O=cpptls tests exclude"));
}

TEST(VerifyPki, RefusesAnUnknownCriticalExtension) {
  auto result = verify_pki("leaf-unknown-critical", {"int-ec"}, {"root-ec"}, "leaf.example.com");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("1.3.6.1.4.1.55738.666.1"));
}

TEST(VerifyPki, RefusesExpiredAndNotYetValidLeaves) {
  auto expired = verify_pki("leaf-expired", {"int-ec"}, {"root-ec"}, "leaf.example.com");
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code(), ErrorCode::certificate_expired);
  EXPECT_THAT(expired.error().reason(), HasSubstr("expired at 2001-01-01T00:00:00Z"));
  auto early = verify_pki("leaf-2050", {"int-ec"}, {"root-ec"}, "leaf.example.com");
  ASSERT_FALSE(early);
  EXPECT_THAT(early.error().reason(), HasSubstr("is not valid before 2030-01-01T00:00:00Z"));
}

TEST(VerifyPki, FollowsTheCrossSignatureToTheRsaRoot) {
  auto result = verify_pki("leaf-ec", {"root-ec-cross", "int-ec"}, {"root-rsa"}, "www.example.com");
  ASSERT_TRUE(result) << reason_of(result);
  ASSERT_EQ(result->path().size(), 4u);
  EXPECT_EQ(result->anchor(), load("root-rsa"));
}

TEST(VerifyPki, PrefersTheValidIntermediateToItsExpiredTwin) {
  auto result = verify_pki("leaf-ec", {"int-ec-expired", "int-ec"}, {"root-ec"}, "www.example.com");
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path()[1], load("int-ec"));
  auto only_expired = verify_pki("leaf-ec", {"int-ec-expired"}, {"root-ec"}, "www.example.com");
  ASSERT_FALSE(only_expired);
  EXPECT_EQ(only_expired.error().code(), ErrorCode::certificate_expired);
}

TEST(VerifyPki, EnforcesTheExplicitPolicyTheIntermediateRequires) {
  // int-policy: policies .1 and .2, maps .1 to .3, requireExplicitPolicy 0.
  auto ok = verify_pki("leaf-policy-ok", {"int-policy"}, {"root-rsa"}, "policy.example.com");
  EXPECT_TRUE(ok) << reason_of(ok);
  auto bad = verify_pki("leaf-policy-bad", {"int-policy"}, {"root-rsa"}, "policy.example.com");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().reason(),
              HasSubstr("CN=Test Policy CA,O=cpptls tests requires an explicit policy"));
}

}  // namespace
}  // namespace cpptls::x509::testing
