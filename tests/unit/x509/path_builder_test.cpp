// Path building: any order, duplicates and extras; loops; alternatives after a failed
// candidate (cross-signed roots, an expired intermediate with a valid sibling); key
// identifier ordering; and the budgets that keep hostile chains cheap.

#include "x509/path_builder.hpp"

#include <chrono>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "x509/path_validator.hpp"
#include "x509/signature_checker.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> subjects(const CertificateVerified& verified) {
  std::vector<std::string> out;
  for (const ParsedCertificate& certificate : verified.path())
    out.push_back(certificate->describe());
  return out;
}

TEST(PathBuilding, AcceptsIntermediatesInAnyOrderWithDuplicatesAndExtras) {
  const Entity root = make_root("Root");
  const Entity upper = make_ca("Upper", root);
  const Entity lower = make_ca("Lower", upper);
  const Entity leaf = make_leaf(lower);
  const Entity stranger = make_ca("Stranger", make_root("Elsewhere"));
  auto result =
      verify_chain(leaf, {&stranger, &upper, &leaf, &lower, &upper, &root, &lower}, {&root});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_THAT(subjects(*result),
              ::testing::ElementsAre("CN=www.example.com", "CN=Lower", "CN=Upper", "CN=Root"));
}

TEST(PathBuilding, PrefersATrustAnchorToAnIntermediateWithTheSameName) {
  // The intermediate is trusted directly; its root is sent but not needed.
  const Entity root = make_root("Root");
  const Entity ca = make_ca("Trusted CA", root);
  const Entity leaf = make_leaf(ca);
  auto result = verify_chain(leaf, {&root, &ca}, {&ca});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path().size(), 2u);
}

TEST(PathBuilding, EndsLoopsOfCasThatCertifyEachOther) {
  const Entity unrelated = make_root("Trusted");
  const TestKey key_a = make_key();
  const TestKey key_b = make_key();
  // A and B certify each other; neither reaches the trusted root.
  Entity a_seed = issue(ca_spec("Loop A"), key_a, nullptr);
  const Entity b = issue(ca_spec("Loop B"), key_b, &a_seed);
  const Entity a = issue(ca_spec("Loop A"), key_a, &b);
  const Entity leaf = make_leaf(a);
  auto result = verify_chain(leaf, {&a, &b, &a_seed}, {&unrelated});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_untrusted);
  EXPECT_THAT(result.error().reason(), HasSubstr("no path to a trusted root"));
}

TEST(PathBuilding, FindsTheValidSiblingOfAnExpiredIntermediate) {
  const Entity root = make_root("Root");
  const TestKey key = make_key();
  CertSpec old_spec = ca_spec("Issuing CA");
  old_spec.not_before = kNow - 10 * kYear;
  old_spec.not_after = kNow - kYear;
  const Entity expired = issue(old_spec, key, &root);
  const Entity renewed = issue(ca_spec("Issuing CA"), key, &root);
  const Entity leaf = make_leaf(renewed);
  auto result = verify_chain(leaf, {&expired, &renewed}, {&root});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path()[1], renewed.certificate);
  // Alone, the expired one is reported as such.
  auto alone = verify_chain(leaf, {&expired}, {&root});
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().code(), ErrorCode::certificate_expired);
}

TEST(PathBuilding, BacktracksFromADeadEndToACrossSignedAlternative) {
  // "Mid" is certified by an untrusted root and, with the same key, by the trusted one; the
  // untrusted certification is offered first and leads nowhere.
  const Entity trusted = make_root("Trusted Root");
  const Entity untrusted = make_root("Untrusted Root");
  const TestKey mid_key = make_key();
  const Entity mid_untrusted = issue(ca_spec("Mid"), mid_key, &untrusted);
  const Entity mid_trusted = issue(ca_spec("Mid"), mid_key, &trusted);
  const Entity leaf = make_leaf(mid_trusted);
  auto result = verify_chain(leaf, {&mid_untrusted, &untrusted, &mid_trusted}, {&trusted});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->anchor(), trusted.certificate);
}

TEST(PathBuilding, FollowsACrossSignatureToAnOlderRoot) {
  const Entity old_root = make_root("Old Root");
  const TestKey new_key = make_key();
  const Entity new_root = issue(root_spec("New Root"), new_key, nullptr);
  const Entity cross = issue(ca_spec("New Root"), new_key, &old_root);
  const Entity ca = make_ca("CA", new_root);
  const Entity leaf = make_leaf(ca);
  auto only_old = verify_chain(leaf, {&ca, &cross}, {&old_root});
  ASSERT_TRUE(only_old) << reason_of(only_old);
  EXPECT_EQ(only_old->path().size(), 4u);
  auto both = verify_chain(leaf, {&ca, &cross}, {&old_root, &new_root});
  ASSERT_TRUE(both) << reason_of(both);
  EXPECT_EQ(both->path().size(), 3u) << "the shorter path through the trusted new root";
}

TEST(PathBuilding, SurvivesTheChainOfPain) {
  // root 2 -> (expired) root cross-certificate -> root -> leaf; both roots trusted.
  const Entity root2 = make_root("Root 2");
  const TestKey root_key = make_key();
  const Entity root = issue(root_spec("Root"), root_key, nullptr);
  CertSpec cross_spec = ca_spec("Root");
  cross_spec.not_after = kNow - kYear;
  const Entity cross = issue(cross_spec, root_key, &root2);
  const Entity leaf = make_leaf(root);
  auto result = verify_chain(leaf, {&cross}, {&root, &root2});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path().size(), 2u);
}

TEST(PathBuilding, ReportsTheFailureOfTheCandidateThatGotFurthest) {
  // Two ways up: one ends without a root, the other reaches the root but its CA is not a CA.
  const Entity root = make_root("Root");
  const TestKey key = make_key();
  const Entity nowhere_root = make_root("Nowhere");
  const Entity nowhere = issue(ca_spec("Issuer"), key, &nowhere_root);
  CertSpec broken = ca_spec("Issuer");
  broken.extensions = {ext_basic_constraints(false), ext_key_usage(kDigitalSignature)};
  const Entity not_ca = issue(broken, key, &root);
  const Entity leaf = issue(leaf_spec(), make_key(), &nowhere);
  auto result = verify_chain(leaf, {&nowhere, &not_ca}, {&root});
  ASSERT_FALSE(result);
  EXPECT_THAT(
      result.error().reason(),
      HasSubstr("CN=Issuer is not a CA (basicConstraints cA is FALSE), so it cannot issue"));
}

TEST(PathBuilding, StopsAtTheMaximumPathLength) {
  const Entity root = make_root("Root");
  std::vector<Entity> cas;
  for (int i = 0; i < 11; ++i)
    cas.push_back(make_ca("CA " + std::to_string(i), cas.empty() ? root : cas.back()));
  const Entity leaf = make_leaf(cas.back());
  std::vector<const Entity*> chain;
  for (const Entity& ca : cas)
    chain.push_back(&ca);
  VerifyOptions options = options_for();
  options.max_path_length = 13;
  EXPECT_TRUE(verify_chain(leaf, chain, {&root}, options));
  options.max_path_length = 12;
  auto result = verify_chain(leaf, chain, {&root}, options);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("within 12 certificates"));
}

TEST(PathBuilding, ThousandsOfIntermediatesStopAtTheSignatureBudget) {
  const Entity root = make_root("Root");
  const Entity real = make_ca("Crowded CA", root);
  const Entity leaf = make_leaf(real);
  // 3,000 certificates with the right name and the wrong keys (none signed the leaf).
  std::vector<Entity> decoys;
  decoys.reserve(3000);
  for (int i = 0; i < 3000; ++i)
    decoys.push_back(issue(ca_spec("Crowded CA"), make_key(), &root));
  std::vector<const Entity*> offered;
  for (const Entity& decoy : decoys)
    offered.push_back(&decoy);
  const auto start = std::chrono::steady_clock::now();
  auto result = verify_chain(leaf, offered, {&root});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().reason(), HasSubstr("after 64 signature checks"));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  // With the real issuer among them, its key identifier puts it first.
  offered.push_back(&real);
  auto found = verify_chain(leaf, offered, {&root});
  EXPECT_TRUE(found) << reason_of(found);
}

TEST(PathBuilding, SameNameSameKeyIntermediatesCannotExplode) {
  // Go's TestPathologicalChains worst case: every intermediate has the same subject and key,
  // so each appears to have signed each other.
  const Entity unrelated = make_root("Unrelated");
  const TestKey key = make_key();
  std::vector<Entity> cas;
  cas.push_back(issue(ca_spec("Pathological CA"), key, nullptr));
  for (int i = 0; i < 100; ++i)
    cas.push_back(issue(ca_spec("Pathological CA"), key, &cas.back()));
  const Entity leaf = make_leaf(cas.back());
  std::vector<const Entity*> offered;
  for (const Entity& ca : cas)
    offered.push_back(&ca);
  const auto start = std::chrono::steady_clock::now();
  auto result = verify_chain(leaf, offered, {&unrelated});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_untrusted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// --- the builder alone, with a validator that counts ---

struct Fixture {
  Entity root = make_root("Root");
  TrustStore trust;
  VerifyOptions options = options_for();
  Fixture() { trust.add(root.certificate); }
};

TEST(PathBuilderAlone, StopsAfterTheBudgetOfCandidatePaths) {
  Fixture f;
  const TestKey key = make_key();
  std::vector<ParsedCertificate> offered;
  for (int i = 0; i < 40; ++i)
    offered.push_back(issue(ca_spec("Many"), key, &f.root).certificate);
  const Entity issuer = issue(ca_spec("Many"), key, &f.root);
  const Entity leaf = make_leaf(issuer);
  f.options.max_candidate_paths = 5;
  f.options.max_signature_checks = 1000;
  SignatureChecker signatures(test_provider(), f.options.max_signature_checks);
  PathBuilder builder(f.trust, offered, f.options, signatures);
  std::size_t calls = 0;
  auto result = builder.build(
      leaf.certificate,
      [&](std::span<const Certificate* const>, std::size_t& progress) -> Expected<void> {
        ++calls;
        progress = 1;
        return fail(ErrorKind::certificate, ErrorCode::certificate_invalid,
                    AlertDescription::bad_certificate, "refused by the test");
      });
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 5u);
  EXPECT_EQ(builder.candidates_tried(), 5u);
  EXPECT_EQ(result.error().reason(), "refused by the test");
}

TEST(PathBuilderAlone, TriesTheAnchorNamedByTheAuthorityKeyIdentifierFirst) {
  // Two roots with the same name; the trust store lists the wrong one first.
  const Entity decoy = issue(root_spec("Twin Root"), make_key(), nullptr);
  const Entity twin = issue(root_spec("Twin Root"), make_key(), nullptr);
  TrustStore trust;
  trust.add(decoy.certificate);
  trust.add(twin.certificate);
  const Entity leaf = make_leaf(twin);
  const VerifyOptions options = options_for();
  SignatureChecker signatures(test_provider(), 64);
  PathBuilder builder(trust, {}, options, signatures);
  auto result = builder.build(
      leaf.certificate,
      [](std::span<const Certificate* const>, std::size_t&) -> Expected<void> { return {}; });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result->back(), twin.certificate);
  EXPECT_EQ(signatures.checks(), 1u) << "the decoy's signature was never tried";
}

TEST(PathBuilderAlone, MemoisesSignatureChecksAcrossCandidatesAndTheValidator) {
  // The CA is certified by two roots; the first path is refused, the second accepted. The
  // leaf's signature is verified once, although two paths and the validator need it.
  const Entity first = make_root("First Root");
  const Entity second = make_root("Second Root");
  const TestKey ca_key = make_key();
  const Entity by_first = issue(ca_spec("Shared CA"), ca_key, &first);
  const Entity by_second = issue(ca_spec("Shared CA"), ca_key, &second);
  const Entity leaf = make_leaf(by_first);
  TrustStore trust;
  trust.add(first.certificate);
  trust.add(second.certificate);
  const std::vector<ParsedCertificate> offered{by_first.certificate, by_second.certificate};
  const VerifyOptions options = options_for();
  SignatureChecker signatures(test_provider(), 64);
  PathValidator validator(options, signatures);
  PathBuilder builder(trust, offered, options, signatures);
  std::size_t calls = 0;
  auto result = builder.build(
      leaf.certificate,
      [&](std::span<const Certificate* const> path, std::size_t& progress) -> Expected<void> {
        if (++calls == 1) {
          progress = 0;
          return fail(ErrorKind::certificate, ErrorCode::certificate_invalid,
                      AlertDescription::bad_certificate, "first refused");
        }
        return validator.validate(path, progress);
      });
  ASSERT_TRUE(result) << result.error().reason();
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(signatures.checks(), 3u) << "leaf<-CA once, CA<-each root once";
}

}  // namespace
}  // namespace cpptls::x509::testing
