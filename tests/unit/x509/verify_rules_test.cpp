// One passing and one failing case for each rule the verifier applies to the certificates
// of a path: basicConstraints and pathLenConstraint, keyUsage, extKeyUsage, critical
// extensions, versions, serial numbers, key identifiers, keys, and the CA/B Forum rules on
// server certificates' names.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cert_factory.hpp"
#include "x509/verify.hpp"

namespace cpptls::x509::testing {
namespace {

using ::testing::HasSubstr;

// A root and a leaf built from `spec` under it.
Expected<CertificateVerified> leaf_under_root(const CertSpec& spec,
                                              const VerifyOptions& options = options_for()) {
  const Entity root = make_root("Rules Root");
  const Entity leaf = issue(spec, make_key(), &root);
  return verify_chain(leaf, {}, {&root}, options);
}

// Root -> CA built from `spec` -> ordinary leaf.
Expected<CertificateVerified> ca_under_root(const CertSpec& spec) {
  const Entity root = make_root("Rules Root");
  const Entity ca = issue(spec, make_key(), &root);
  const Entity leaf = make_leaf(ca);
  return verify_chain(leaf, {&ca}, {&root});
}

// Root built from `spec` -> ordinary leaf.
Expected<CertificateVerified> leaf_under(const CertSpec& root_spec_value,
                                         const VerifyOptions& options = options_for()) {
  const Entity root = issue(root_spec_value, make_key(), nullptr);
  const Entity leaf = make_leaf(root);
  return verify_chain(leaf, {}, {&root}, options);
}

// options_for() with the web PKI's profile rules for trust anchors (x509-limbo's harness).
VerifyOptions strict_anchor_options() {
  VerifyOptions options = options_for();
  options.strict_anchor_profile = true;
  return options;
}

void expect_invalid(const Expected<CertificateVerified>& result, std::string_view text) {
  ASSERT_FALSE(result) << "accepted, expected: " << text;
  EXPECT_EQ(result.error().kind(), ErrorKind::certificate);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_invalid) << result.error().reason();
  EXPECT_EQ(result.error().alert(), AlertDescription::bad_certificate);
  EXPECT_THAT(result.error().reason(), HasSubstr(std::string(text)));
}

// --- basicConstraints (RFC 5280 4.2.1.9, 6.1.4 (k)) ---

TEST(VerifyRules, RejectsAnIssuerWhoseBasicConstraintsSayNotACa) {
  CertSpec spec = ca_spec("Not A CA");
  spec.extensions = {ext_basic_constraints(false), ext_key_usage(kDigitalSignature)};
  expect_invalid(ca_under_root(spec),
                 "certificate CN=Not A CA is not a CA (basicConstraints cA is FALSE), so it "
                 "cannot issue CN=www.example.com");
}

TEST(VerifyRules, RejectsAnIssuerWithoutBasicConstraints) {
  CertSpec spec = ca_spec("No BC");
  spec.extensions = {};
  expect_invalid(ca_under_root(spec),
                 "CN=No BC is not a CA (basicConstraints is absent), so it cannot issue");
}

TEST(VerifyRules, RejectsACaWhoseBasicConstraintsAreNotCritical) {
  CertSpec spec = ca_spec("Soft CA");
  spec.extensions[0] = ext_basic_constraints(true, std::nullopt, false);
  expect_invalid(ca_under_root(spec), "basicConstraints is not critical");
  EXPECT_TRUE(ca_under_root(ca_spec("Hard CA")));
}

TEST(VerifyRules, AcceptsPathLenZeroAboveTheLeaf) {
  EXPECT_TRUE(ca_under_root(ca_spec("Zero CA", 0)));
}

TEST(VerifyRules, RejectsACaBelowAPathLenZeroCa) {
  const Entity root = make_root();
  const Entity upper = make_ca("Upper CA", root, 0);
  const Entity lower = make_ca("Lower CA", upper);
  const Entity leaf = make_leaf(lower);
  auto result = verify_chain(leaf, {&lower, &upper}, {&root});
  expect_invalid(result,
                 "CN=Lower CA is a CA below CN=Upper CA, whose basicConstraints pathLenConstraint");
}

TEST(VerifyRules, AcceptsAPathLenThatALowerCaRaises) {
  // RFC 5280 6.1.4 (m) only lowers max_path_length: pathLen 2 under pathLen 1 changes nothing.
  const Entity root = make_root();
  const Entity upper = make_ca("Upper CA", root, 1);
  const Entity lower = make_ca("Lower CA", upper, 2);
  const Entity leaf = make_leaf(lower);
  EXPECT_TRUE(verify_chain(leaf, {&lower, &upper}, {&root}));
}

TEST(VerifyRules, DoesNotCountSelfIssuedIntermediatesAgainstPathLen) {
  const Entity root = make_root();
  const Entity upper = make_ca("Rollover CA", root, 0);
  // Key rollover: the same name, a new key, certified by the old key.
  const Entity rolled = issue(ca_spec("Rollover CA", 0), make_key(), &upper);
  const Entity leaf = make_leaf(rolled);
  auto result = verify_chain(leaf, {&rolled, &upper}, {&root});
  ASSERT_TRUE(result) << reason_of(result);
  EXPECT_EQ(result->path().size(), 4u);
}

TEST(VerifyRules, AppliesATrustAnchorsPathLen) {
  CertSpec spec = root_spec("Short Root");
  spec.extensions[0] = ext_basic_constraints(true, 0);
  const Entity root = issue(spec, make_key(), nullptr);
  const Entity ca = make_ca("CA", root);
  EXPECT_TRUE(verify_chain(make_leaf(root), {}, {&root}));
  expect_invalid(verify_chain(make_leaf(ca), {&ca}, {&root}), "pathLenConstraint");
}

TEST(VerifyRules, LimitsIntermediateCasWhenTheCallerAsks) {
  const Entity root = make_root();
  const Entity ca = make_ca("CA", root);
  const Entity leaf = make_leaf(ca);
  VerifyOptions options = options_for();
  options.max_intermediate_cas = 1;
  EXPECT_TRUE(verify_chain(leaf, {&ca}, {&root}, options));
  options.max_intermediate_cas = 0;
  expect_invalid(verify_chain(leaf, {&ca}, {&root}, options), "allows no more CAs");
}

// --- keyUsage (RFC 5280 4.2.1.3, 6.1.4 (n)) ---

TEST(VerifyRules, AcceptsAnIssuerWithoutKeyUsage) {
  CertSpec spec = ca_spec("Plain CA");
  spec.extensions = {ext_basic_constraints(true)};
  EXPECT_TRUE(ca_under_root(spec));
}

TEST(VerifyRules, RejectsAnIssuerWhoseKeyUsageLacksKeyCertSign) {
  CertSpec spec = ca_spec("CRL Only CA");
  spec.extensions[1] = ext_key_usage(kCrlSign);
  expect_invalid(
      ca_under_root(spec),
      "CN=CRL Only CA is a CA (basicConstraints cA TRUE) whose keyUsage lacks keyCertSign");
}

TEST(VerifyRules, RejectsALeafAssertingKeyCertSign) {
  CertSpec spec = leaf_spec();
  spec.extensions[1] = ext_key_usage(kDigitalSignature | kKeyCertSign);
  expect_invalid(leaf_under_root(spec),
                 "asserts keyUsage keyCertSign but basicConstraints cA is not TRUE");
}

TEST(VerifyRules, AcceptsALeafWithKeyEnciphermentOnlyOrNoKeyUsage) {
  CertSpec spec = leaf_spec();
  spec.extensions[1] = ext_key_usage(kKeyEncipherment);
  EXPECT_TRUE(leaf_under_root(spec));
  spec.extensions.erase(spec.extensions.begin() + 1);
  EXPECT_TRUE(leaf_under_root(spec));
}

TEST(VerifyRules, RejectsALeafWhoseKeyUsageAllowsNeitherSigningNorEncipherment) {
  CertSpec spec = leaf_spec();
  spec.extensions[1] = ext_key_usage(1 << 4);  // keyAgreement
  expect_invalid(leaf_under_root(spec), "neither digitalSignature nor keyEncipherment");
}

TEST(VerifyRules, RejectsACaCertificateAsTheLeaf) {
  const Entity root = make_root();
  CertSpec spec = ca_spec("www.example.com");
  spec.extensions.push_back(ext_san({dns("www.example.com")}));
  const Entity ca_leaf = issue(spec, make_key(), &root);
  expect_invalid(verify_chain(ca_leaf, {}, {&root}),
                 "is a CA certificate (basicConstraints cA TRUE) presented as an end entity");
}

// --- extKeyUsage (RFC 5280 4.2.1.12, CA/B BR 7.1.2.7.10) ---

TEST(VerifyRules, RejectsAServerLeafWithoutExtKeyUsage) {
  CertSpec spec = leaf_spec();
  spec.extensions.erase(spec.extensions.begin() + 2);
  expect_invalid(leaf_under_root(spec),
                 "has no extKeyUsage, so it is not a TLS server certificate");
}

TEST(VerifyRules, RejectsAServerLeafForClientAuthOnly) {
  CertSpec spec = leaf_spec();
  spec.extensions[2] = ext_eku({kClientAuth});
  expect_invalid(leaf_under_root(spec), "has an extKeyUsage without serverAuth");
}

TEST(VerifyRules, RejectsAServerLeafListingAnyExtendedKeyUsage) {
  CertSpec spec = leaf_spec();
  spec.extensions[2] = ext_eku({kServerAuth, kAnyEku});
  expect_invalid(leaf_under_root(spec), "lists anyExtendedKeyUsage");
}

TEST(VerifyRules, RejectsAServerLeafWithCriticalExtKeyUsage) {
  CertSpec spec = leaf_spec();
  spec.extensions[2] = ext_eku({kServerAuth}, true);
  expect_invalid(leaf_under_root(spec), "marks extKeyUsage critical");
}

TEST(VerifyRules, ChecksClientAuthForClientCertificates) {
  VerifyOptions options = options_for("");
  options.purpose = Purpose::client_auth;
  CertSpec spec = leaf_spec();
  spec.extensions[2] = ext_eku({kClientAuth});
  EXPECT_TRUE(leaf_under_root(spec, options));
  spec.extensions[2] = ext_eku({kServerAuth});
  expect_invalid(leaf_under_root(spec, options), "has an extKeyUsage without clientAuth");
  spec.extensions.erase(spec.extensions.begin() + 2);
  EXPECT_TRUE(leaf_under_root(spec, options)) << "RFC 5280: no extKeyUsage means any purpose";
}

TEST(VerifyRules, AcceptsAnIntermediateWhoseExtKeyUsageAllowsThePurpose) {
  CertSpec spec = ca_spec("TLS CA");
  spec.extensions.push_back(ext_eku({kServerAuth, kClientAuth}));
  EXPECT_TRUE(ca_under_root(spec));
  spec.extensions.back() = ext_eku({kAnyEku});
  EXPECT_TRUE(ca_under_root(spec));
}

TEST(VerifyRules, RejectsAnIntermediateWhoseExtKeyUsageExcludesThePurpose) {
  CertSpec spec = ca_spec("Code CA");
  spec.extensions.push_back(ext_eku({kCodeSigning}));
  expect_invalid(ca_under_root(spec),
                 "CN=Code CA is a CA whose extKeyUsage does not include serverAuth");
}

TEST(VerifyRules, RejectsARootWithExtKeyUsageInTheStrictAnchorProfile) {
  CertSpec spec = root_spec("EKU Root");
  spec.extensions.push_back(ext_eku({kServerAuth}));
  expect_invalid(leaf_under(spec, strict_anchor_options()),
                 "is a root CA with an extKeyUsage extension");
}

TEST(VerifyRules, AppliesARootsExtKeyUsageToThePathByDefault) {
  CertSpec spec = root_spec("EKU Root");
  spec.extensions.push_back(ext_eku({kServerAuth}));
  EXPECT_TRUE(leaf_under(spec));
  spec.extensions.back() = ext_eku({kCodeSigning});
  expect_invalid(leaf_under(spec),
                 "CN=EKU Root is a CA whose extKeyUsage does not include "
                 "serverAuth");
}

// --- critical extensions (RFC 5280 4.2) ---

TEST(VerifyRules, RejectsAnUnknownCriticalExtensionInTheLeaf) {
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(ext_unknown_critical());
  expect_invalid(leaf_under_root(spec), "has the critical extension 1.3.6.1.4.1.55738.666.1");
}

TEST(VerifyRules, RejectsAnUnknownCriticalExtensionInAnIntermediateOrRoot) {
  CertSpec spec = ca_spec("Odd CA");
  spec.extensions.push_back(ext_unknown_critical());
  expect_invalid(ca_under_root(spec), "CN=Odd CA has the critical extension");
  CertSpec root = root_spec("Odd Root");
  root.extensions.push_back(ext_unknown_critical());
  expect_invalid(leaf_under(root), "CN=Odd Root has the critical extension");
}

TEST(VerifyRules, IgnoresUnknownNonCriticalExtensionsAndUnusedCertificates) {
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(extension("1.3.6.1.4.1.55738.666.2", false, null()));
  EXPECT_TRUE(leaf_under_root(spec));
  // An unusable intermediate that the path does not need changes nothing.
  const Entity root = make_root();
  CertSpec odd = ca_spec("Unused CA");
  odd.extensions.push_back(ext_unknown_critical());
  const Entity unused = issue(odd, make_key(), &root);
  const Entity leaf = make_leaf(root);
  EXPECT_TRUE(verify_chain(leaf, {&unused}, {&root}));
}

TEST(VerifyRules, RejectsCriticalKeyIdentifiersAndAuthorityInfoAccess) {
  CertSpec spec = leaf_spec();
  spec.subject_key_id = false;
  spec.extensions.push_back(ext_ski({1, 2, 3}, true));
  expect_invalid(leaf_under_root(spec), "marks subjectKeyIdentifier critical");
  spec = leaf_spec();
  spec.extensions.push_back(
      extension("1.3.6.1.5.5.7.1.1", true,
                seq({seq({oid("1.3.6.1.5.5.7.48.2"), uri("http://ca.example/")})})));
  expect_invalid(leaf_under_root(spec), "marks authorityInfoAccess critical");
}

// --- versions and serial numbers (RFC 5280 4.1.2.1, 4.1.2.2; CA/B BR 7.1.1) ---

TEST(VerifyRules, RejectsVersion1And2Certificates) {
  CertSpec spec = leaf_spec();
  spec.version = 2;
  spec.extensions.clear();
  spec.subject_key_id = false;
  spec.authority_key_id = false;
  expect_invalid(leaf_under_root(spec), "is a version 2 certificate; only version 3 is accepted");
  CertSpec ca = ca_spec("V1 CA");
  ca.version = 1;
  ca.extensions.clear();
  ca.subject_key_id = false;
  ca.authority_key_id = false;
  expect_invalid(ca_under_root(ca), "CN=V1 CA is a version 1 certificate");
}

TEST(VerifyRules, RejectsZeroNegativeAndOverlongSerialNumbers) {
  for (const Bytes& serial : {integer(0), integer(-5), integer_bytes(Bytes(21, 0x11))}) {
    CertSpec spec = leaf_spec();
    spec.serial = serial;
    expect_invalid(leaf_under_root(spec), "serial number that is zero, negative or longer than 20");
  }
  CertSpec spec = leaf_spec();
  Bytes twenty(21, 0xff);
  twenty[0] = 0x00;  // 20 octets of value, positive
  spec.serial = integer_bytes(twenty);
  EXPECT_TRUE(leaf_under_root(spec));
}

TEST(VerifyRules, RejectsAnEmptyIssuerName) {
  CertSpec spec = leaf_spec();
  spec.issuer_name = seq({});
  expect_invalid(leaf_under_root(spec), "has an empty issuer name");
}

// --- key identifiers (RFC 5280 4.2.1.1, 4.2.1.2; CA/B BR 7.1.2.1.3) ---

TEST(VerifyRules, RejectsALeafOrIntermediateWithoutAuthorityKeyIdentifier) {
  CertSpec spec = leaf_spec();
  spec.authority_key_id = false;
  expect_invalid(leaf_under_root(spec), "has no authorityKeyIdentifier keyIdentifier");
  CertSpec ca = ca_spec("No AKI CA");
  ca.authority_key_id = false;
  expect_invalid(ca_under_root(ca), "CN=No AKI CA has no authorityKeyIdentifier");
}

TEST(VerifyRules, AcceptsTrustAnchorsWithoutAuthorityKeyIdentifier) {
  // A self-signed root, and a cross-signed CA configured as a trust anchor.
  const Entity root = make_root();
  CertSpec spec = ca_spec("Anchored CA");
  spec.authority_key_id = false;
  const Entity anchored = issue(spec, make_key(), &root);
  const Entity leaf = make_leaf(anchored);
  EXPECT_TRUE(verify_chain(leaf, {}, {&anchored}));
}

TEST(VerifyRules, RejectsACaWithoutSubjectKeyIdentifier) {
  CertSpec spec = ca_spec("No SKI CA");
  spec.subject_key_id = false;
  expect_invalid(ca_under_root(spec), "is a CA without a subjectKeyIdentifier");
  CertSpec leaf = leaf_spec();
  leaf.subject_key_id = false;
  EXPECT_TRUE(leaf_under_root(leaf)) << "leaves need no subjectKeyIdentifier";
}

TEST(VerifyRules, ChecksARootsAuthorityKeyIdentifierAgainstItsSubjectKeyIdentifier) {
  const TestKey key = make_key();
  CertSpec spec = root_spec("AKI Root");
  spec.extensions.push_back(ext_aki(key_id(key.spki)));
  const Entity good = issue(spec, key, nullptr);
  EXPECT_TRUE(verify_chain(make_leaf(good), {}, {&good}));
  spec.extensions.back() = ext_aki({9, 9, 9});
  const Entity bad = issue(spec, key, nullptr);
  expect_invalid(verify_chain(make_leaf(bad), {}, {&bad}, strict_anchor_options()),
                 "authorityKeyIdentifier differs from its subjectKeyIdentifier");
  // By default the anchor is trusted as configured.
  EXPECT_TRUE(verify_chain(make_leaf(bad), {}, {&bad}));
}

// --- trust anchors as configured (VerifyOptions::strict_anchor_profile) ---

// Shapes found in the Debian store (Go Daddy Class 2, TWCA Global Root CA, serial 0 roots).
TEST(VerifyRules, TrustsAnAnchorThatBreaksTheCertificateProfileByDefault) {
  CertSpec soft = root_spec("Soft Root");
  soft.extensions[0] = ext_basic_constraints(true, std::nullopt, false);
  EXPECT_TRUE(leaf_under(soft)) << reason_of(leaf_under(soft));
  expect_invalid(leaf_under(soft, strict_anchor_options()), "basicConstraints is not critical");

  CertSpec no_ski = root_spec("No SKI Root");
  no_ski.subject_key_id = false;
  EXPECT_TRUE(leaf_under(no_ski)) << reason_of(leaf_under(no_ski));
  expect_invalid(leaf_under(no_ski, strict_anchor_options()), "without a subjectKeyIdentifier");
}

TEST(VerifyRules, StillRefusesAnAnchorThatIsNotACaOrCannotSignCertificates) {
  CertSpec not_ca = root_spec("Not CA Root");
  not_ca.extensions[0] = ext_basic_constraints(false);
  not_ca.extensions[1] = ext_key_usage(kDigitalSignature);
  expect_invalid(leaf_under(not_ca), "CN=Not CA Root is not a CA (basicConstraints cA is FALSE)");
  CertSpec crl_only = root_spec("CRL Root");
  crl_only.extensions[1] = ext_key_usage(kCrlSign);
  expect_invalid(leaf_under(crl_only), "has a keyUsage without keyCertSign");
}

TEST(VerifyRules, TrustsAPinnedLeafWithSerialZeroByDefaultOnly) {
  const TestKey key = make_key();
  CertSpec spec = leaf_spec();
  spec.serial = integer(0);
  const Entity pinned = issue(spec, key, nullptr);
  EXPECT_TRUE(verify_chain(pinned, {}, {&pinned}))
      << reason_of(verify_chain(pinned, {}, {&pinned}));
  expect_invalid(verify_chain(pinned, {}, {&pinned}, strict_anchor_options()),
                 "serial number that is zero");
}

TEST(VerifyRules, ChecksATrustAnchorWithoutALeaf) {
  const Entity root = make_root("Standalone Root");
  EXPECT_TRUE(check_trust_anchor(*root.certificate, options_for()));
  CertSpec soft = root_spec("Soft Root");
  soft.extensions[0] = ext_basic_constraints(true, std::nullopt, false);
  const Entity soft_root = issue(soft, make_key(), nullptr);
  EXPECT_TRUE(check_trust_anchor(*soft_root.certificate, options_for()));
  EXPECT_FALSE(check_trust_anchor(*soft_root.certificate, strict_anchor_options()));
  VerifyOptions late = options_for();
  late.time = root.certificate->not_after() + 1;
  auto expired = check_trust_anchor(*root.certificate, late);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code(), ErrorCode::certificate_expired);
  const Entity leaf = make_leaf(root);
  auto not_ca = check_trust_anchor(*leaf.certificate, options_for());
  ASSERT_FALSE(not_ca);
  EXPECT_THAT(not_ca.error().reason(), HasSubstr("so it cannot issue certificates"));
}

// --- keys (CA/B BR 6.1.5, 7.1.3.1) ---

Bytes rsa_spki(std::size_t modulus_bits) {
  Bytes modulus((modulus_bits + 7) / 8, 0x5a);
  const unsigned top_bits = static_cast<unsigned>(modulus_bits % 8 == 0 ? 8 : modulus_bits % 8);
  modulus[0] = static_cast<std::uint8_t>((1u << (top_bits - 1)) | 1u);
  modulus.back() |= 1;
  if (modulus[0] >= 0x80) modulus.insert(modulus.begin(), 0x00);  // a positive INTEGER
  return seq({seq({oid("1.2.840.113549.1.1.1"), null()}),
              bits(seq({integer_bytes(modulus), integer(65537)}))});
}

TEST(VerifyRules, RejectsWeakOrOddSizedRsaKeysAsUnsupported) {
  for (const std::size_t size : {std::size_t{1024}, std::size_t{2052}}) {
    CertSpec spec = leaf_spec();
    spec.spki = rsa_spki(size);
    auto result = leaf_under_root(spec);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code(), ErrorCode::certificate_unsupported);
    EXPECT_THAT(result.error().reason(),
                HasSubstr("has an RSA key of " + std::to_string(size) + " bits"));
  }
  CertSpec spec = leaf_spec();
  spec.spki = rsa_spki(3072);
  EXPECT_TRUE(leaf_under_root(spec)) << reason_of(leaf_under_root(spec));
}

TEST(VerifyRules, RejectsUnsupportedCurvesAsUnsupported) {
  Bytes point(49, 0x22);
  point[0] = 0x04;
  CertSpec spec = leaf_spec();
  spec.spki = seq({seq({oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.1")}), bits(point)});
  auto result = leaf_under_root(spec);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::certificate_unsupported);
  EXPECT_THAT(result.error().reason(), HasSubstr("has a public key cpptls does not accept"));
}

// --- server certificate names (CA/B BR 7.1.2.7.12, 7.1.4.3; RFC 5280 4.2.1.6) ---

TEST(VerifyRules, RejectsAServerLeafWithoutSubjectAltName) {
  CertSpec spec = leaf_spec();
  spec.extensions.pop_back();
  expect_invalid(leaf_under_root(spec), "has no subjectAltName");
}

TEST(VerifyRules, ChecksSubjectAltNameCriticalityAgainstTheSubject) {
  CertSpec spec = leaf_spec();
  spec.extensions.back() = ext_san({dns("www.example.com")}, true);
  expect_invalid(leaf_under_root(spec),
                 "marks subjectAltName critical although its subject is not empty");
  spec.subject = seq({});
  EXPECT_TRUE(leaf_under_root(spec)) << reason_of(leaf_under_root(spec));
  spec.extensions.back() = ext_san({dns("www.example.com")}, false);
  expect_invalid(leaf_under_root(spec), "has an empty subject without a critical subjectAltName");
}

TEST(VerifyRules, RejectsDnsNamesOutsideThePreferredSyntax) {
  for (const char* bad : {"foo_bar.example.com", ".example.com", "ba*.example.com", "*", "a..b"}) {
    CertSpec spec = leaf_spec();
    spec.extensions.back() = ext_san({dns(bad), dns("www.example.com")});
    expect_invalid(leaf_under_root(spec), "which is not a host name in the preferred name syntax");
  }
  CertSpec spec = leaf_spec();
  spec.extensions.back() = ext_san({dns("*.example.com")});
  EXPECT_TRUE(leaf_under_root(spec));
}

TEST(VerifyRules, RefusesCommonNamesThatMisspellASubjectAltName) {
  const std::vector<std::pair<std::string, Bytes>> cases = {
      {"192.168.001.001", ip({192, 168, 1, 1})},
      {"0xC0A80101", ip({192, 168, 1, 1})},
      {"WWW.Example.com", dns("www.example.com")},
  };
  for (const auto& [common_name, san_entry] : cases) {
    CertSpec spec = leaf_spec();
    spec.subject = cn(common_name);
    spec.extensions.back() = ext_san({san_entry});
    expect_invalid(leaf_under_root(spec, options_for("")), "has the common name");
  }
  CertSpec spec = leaf_spec();
  spec.subject =
      cn("b\xc3\xbc"
         "cher.example");
  spec.extensions.back() = ext_san({dns("xn--bcher-kva.example")});
  expect_invalid(leaf_under_root(spec, options_for("")), "a host name in Unicode");
}

TEST(VerifyRules, AcceptsCommonNamesThatAreExactCopiesOrNotHostNames) {
  for (const char* common_name : {"www.example.com", "My Web Server", "192.0.2.1"}) {
    CertSpec spec = leaf_spec();
    spec.subject = cn(common_name);
    spec.extensions.back() = ext_san({dns("www.example.com"), ip({192, 0, 2, 1})});
    EXPECT_TRUE(leaf_under_root(spec)) << common_name;
  }
}

}  // namespace
}  // namespace cpptls::x509::testing
