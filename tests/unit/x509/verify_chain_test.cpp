// verify_certificate end to end on chains made by the factory: the path found, trust, time,
// host names, signatures and algorithms, and the messages each failure gives.

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Chain {
  Entity root = make_root("Chain Root");
  Entity ca = make_ca("Chain CA", root);
  Entity leaf = make_leaf(ca);
};

TEST(VerifyChain, AcceptsLeafIntermediateRootAndReturnsThePath) {
  const Chain c;
  auto result = verify_chain(c.leaf, {&c.ca}, {&c.root});
  ASSERT_TRUE(result) << reason_of(result);
  ASSERT_EQ(result->path().size(), 3u);
  EXPECT_EQ(result->leaf(), c.leaf.certificate);
  EXPECT_EQ(result->path()[1], c.ca.certificate);
  EXPECT_EQ(result->anchor(), c.root.certificate);
}

TEST(VerifyChain, AcceptsLeafIssuedDirectlyByTheRoot) {
  const Entity root = make_root();
  const Entity leaf = make_leaf(root);
  auto result = verify_chain(leaf, {}, {&root});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path().size(), 2u);
}

TEST(VerifyChain, AcceptsALeafThatIsItselfTrusted) {
  // A self-signed server certificate the user chose to trust.
  CertSpec spec = leaf_spec("self.example.com");
  const Entity self = issue(spec, make_key(), nullptr);
  auto result = verify_chain(self, {}, {&self}, options_for("self.example.com"));
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path().size(), 1u);
}

TEST(VerifyChain, RejectsAChainToAnUntrustedRootSayingWhichRoot) {
  const Chain c;
  const Entity other = make_root("Other Root");
  auto result = verify_chain(c.leaf, {&c.ca}, {&other});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_untrusted);
  EXPECT_EQ(result.error().alert(), AlertDescription::unknown_ca);
  EXPECT_EQ(result.error().kind(), ErrorKind::certificate);
  EXPECT_THAT(result.error().reason(), HasSubstr("CN=Chain CA is issued by CN=Chain Root"));
}

TEST(VerifyChain, RejectsAMissingIntermediateNamingTheIssuer) {
  const Chain c;
  auto result = verify_chain(c.leaf, {}, {&c.root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_untrusted);
  EXPECT_THAT(result.error().reason(),
              HasSubstr("no path to a trusted root: the server sent no intermediate for "
                        "CN=www.example.com; its issuer is CN=Chain CA"));
  // It may be a root that is not trusted or an intermediate not sent: both remedies are given.
  EXPECT_THAT(result.error().reason(), HasSubstr("is a root CA, add it to the trust store"));
  EXPECT_THAT(result.error().reason(),
              HasSubstr("if it is an intermediate, the server must send it"));
}

TEST(VerifyChain, AMissingIntermediateOfAClientCertificateBlamesTheClient) {
  const Chain c;
  CertSpec spec = leaf_spec();
  spec.extensions[2] = ext_eku({kClientAuth});
  const Entity client = issue(spec, make_key(), &c.ca);
  VerifyOptions options = options_for("");
  options.purpose = Purpose::client_auth;
  auto result = verify_chain(client, {}, {&c.root}, options);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("the client sent no intermediate"));
  EXPECT_THAT(result.error().reason(), Not(HasSubstr("server")));
}

TEST(VerifyChain, RejectsASelfSignedRootSentButNotTrusted) {
  const Chain c;
  const Entity other = make_root("Other Root");
  auto result = verify_chain(c.leaf, {&c.ca, &c.root}, {&other});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("the chain ends at CN=Chain Root, a self-issued"));
}

TEST(VerifyChain, RejectsAnEmptyTrustStore) {
  const Chain c;
  auto result = verify_chain(c.leaf, {&c.ca}, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_untrusted);
}

TEST(VerifyChain, RejectsABrokenSignatureOnTheLeaf) {
  const Chain c;
  CertSpec spec = leaf_spec();
  spec.corrupt_signature = true;
  const Entity leaf = issue(spec, make_key(), &c.ca);
  auto result = verify_chain(leaf, {&c.ca}, {&c.root});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(),
              HasSubstr("the signature of CN=www.example.com (ecdsa-with-SHA256) does not verify "
                        "with the key of CN=Chain CA"));
}

TEST(VerifyChain, RejectsALeafSignedByAnotherKeyWithTheIssuersName) {
  const Chain c;
  // Same name as the CA, different key: an impostor.
  const Entity impostor = issue(ca_spec("Chain CA"), make_key(), &c.root);
  const Entity leaf = make_leaf(impostor);
  auto result = verify_chain(leaf, {&c.ca}, {&c.root});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("does not verify with the key of CN=Chain CA"));
}

TEST(VerifyChain, AcceptsRsaAndEd25519AndP384Keys) {
  for (const auto type :
       {crypto::KeyType::rsa, crypto::KeyType::ed25519, crypto::KeyType::ec_p384}) {
    const Entity root = issue(root_spec("Key Root"), make_key(type), nullptr);
    const Entity ca = issue(ca_spec("Key CA"), make_key(type), &root);
    const Entity leaf = issue(leaf_spec(), make_key(type), &ca);
    auto result = verify_chain(leaf, {&ca}, {&root});
    EXPECT_TRUE(result) << static_cast<int>(type) << ": " << reason_of(result);
  }
}

// Validity (RFC 5280 4.1.2.5): both ends inclusive.
TEST(VerifyChain, AcceptsAtExactlyNotBeforeAndNotAfter) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.not_before = kNow;
  spec.not_after = kNow + 10;
  const Entity leaf = issue(spec, make_key(), &root);
  VerifyOptions options = options_for();
  EXPECT_TRUE(verify_chain(leaf, {}, {&root}, options));
  options.time = kNow + 10;
  EXPECT_TRUE(verify_chain(leaf, {}, {&root}, options));
}

TEST(VerifyChain, RejectsAnExpiredLeafOneSecondLate) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.not_after = kNow - 1;
  const Entity leaf = issue(spec, make_key(), &root);
  auto result = verify_chain(leaf, {}, {&root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_expired);
  EXPECT_EQ(result.error().alert(), AlertDescription::certificate_expired);
  EXPECT_THAT(result.error().reason(),
              HasSubstr("certificate CN=www.example.com expired at 2024-12-31T23:59:59Z"));
}

TEST(VerifyChain, RejectsANotYetValidLeaf) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.not_before = kNow + 1;
  const Entity leaf = issue(spec, make_key(), &root);
  auto result = verify_chain(leaf, {}, {&root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_expired);
  EXPECT_THAT(result.error().reason(), HasSubstr("is not valid before 2025-01-01T00:00:01Z"));
}

TEST(VerifyChain, RejectsAnExpiredIntermediate) {
  const Entity root = make_root();
  CertSpec spec = ca_spec("Old CA");
  spec.not_after = kNow - kYear;
  const Entity ca = issue(spec, make_key(), &root);
  const Entity leaf = make_leaf(ca);
  auto result = verify_chain(leaf, {&ca}, {&root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_expired);
  EXPECT_THAT(result.error().reason(), HasSubstr("CN=Old CA expired"));
}

TEST(VerifyChain, RejectsAnExpiredTrustAnchor) {
  CertSpec spec = root_spec("Expired Root");
  spec.not_after = kNow - 1;
  const Entity root = issue(spec, make_key(), nullptr);
  const Entity leaf = make_leaf(root);
  auto result = verify_chain(leaf, {}, {&root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_expired);
  EXPECT_THAT(result.error().reason(), HasSubstr("CN=Expired Root expired"));
}

// Host names (RFC 9525): only after the path is valid.
TEST(VerifyChain, RejectsAHostTheLeafDoesNotName) {
  const Chain c;
  auto result = verify_chain(c.leaf, {&c.ca}, {&c.root}, options_for("www.example.org"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_name_mismatch);
  EXPECT_EQ(result.error().alert(), AlertDescription::bad_certificate);
  EXPECT_THAT(result.error().reason(),
              HasSubstr("certificate for www.example.com does not match host www.example.org"));
}

TEST(VerifyChain, SkipsTheHostCheckWhenNoHostIsGiven) {
  const Chain c;
  EXPECT_TRUE(verify_chain(c.leaf, {&c.ca}, {&c.root}, options_for("")));
}

TEST(VerifyChain, MatchesAnIpLiteralOnlyAgainstIpAddressNames) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.extensions[3] = ext_san({dns("192.0.2.7"), ip({192, 0, 2, 8})});
  const Entity leaf = issue(spec, make_key(), &root);
  EXPECT_TRUE(verify_chain(leaf, {}, {&root}, options_for("192.0.2.8")));
  auto result = verify_chain(leaf, {}, {&root}, options_for("192.0.2.7"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_name_mismatch);
}

TEST(VerifyChain, WildcardsOverAPublicSuffixMatchNothingWithTheList) {
  const Entity root = make_root();
  CertSpec spec = leaf_spec();
  spec.extensions[3] = ext_san({dns("*.co.uk"), dns("*.example.co.uk")});
  const Entity leaf = issue(spec, make_key(), &root);
  auto suffixes = PublicSuffixList::parse("uk\nco.uk\n");
  ASSERT_TRUE(suffixes);
  VerifyOptions options = options_for("foo.co.uk");
  EXPECT_TRUE(verify_chain(leaf, {}, {&root}, options)) << "without the list, *.co.uk matches";
  options.public_suffixes = &*suffixes;
  auto result = verify_chain(leaf, {}, {&root}, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_name_mismatch);
  options.host = "www.example.co.uk";
  EXPECT_TRUE(verify_chain(leaf, {}, {&root}, options));
}

// Signature algorithms: MD5 and SHA-1 are refused whatever the key.
TEST(VerifyChain, RefusesSha1SignaturesAsUnsupported) {
  const Entity root = issue(root_spec("RSA Root"), make_key(crypto::KeyType::rsa), nullptr);
  // Claim sha1WithRSAEncryption: the verifier must refuse it before trying the signature.
  CertSpec spec = leaf_spec();
  Entity leaf = issue(spec, make_key(), &root);
  Bytes der(leaf.certificate.der().begin(), leaf.certificate.der().end());
  const Bytes sha256 = sha256_rsa();
  const Bytes sha1 = seq({oid("1.2.840.113549.1.1.5"), null()});
  ASSERT_EQ(sha256.size(), sha1.size());
  std::size_t replaced = 0;
  for (std::size_t i = 0; i + sha256.size() <= der.size(); ++i) {
    if (std::equal(sha256.begin(), sha256.end(), der.begin() + static_cast<std::ptrdiff_t>(i))) {
      std::copy(sha1.begin(), sha1.end(), der.begin() + static_cast<std::ptrdiff_t>(i));
      ++replaced;
    }
  }
  ASSERT_EQ(replaced, 2u);  // tbsCertificate.signature and signatureAlgorithm
  auto parsed = ParsedCertificate::parse(der);
  ASSERT_TRUE(parsed) << parsed.error().reason();
  leaf.certificate = *parsed;
  auto result = verify_chain(leaf, {}, {&root});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_unsupported);
  EXPECT_EQ(result.error().alert(), AlertDescription::unsupported_certificate);
  EXPECT_THAT(result.error().reason(),
              HasSubstr("uses SHA-1, which is not accepted for signatures"));
}

TEST(VerifyChain, AcceptsTheSameChainFromManyThreadsWithOneStore) {
  // Nothing global is cached: concurrent verifications share only the const store.
  const Chain c;
  TrustStore trust;
  trust.add(c.root.certificate);
  std::vector<ParsedCertificate> chain{c.ca.certificate};
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (verify_certificate(test_provider(), trust, c.leaf.certificate, chain, options_for())) {
          ++ok;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 80);
}

}  // namespace
}  // namespace cpptls::x509::testing
